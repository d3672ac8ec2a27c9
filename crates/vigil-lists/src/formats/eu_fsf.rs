//! FIXME(issue 2): parser not written yet.

use crate::error::Error;
use crate::{Input, List};

/// Parses the file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    Err(Error::malformed(input.path, "eu_fsf: not implemented yet"))
}

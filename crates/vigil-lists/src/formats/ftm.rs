//! FIXME(issue 2): parser not written yet.

use crate::error::Error;
use crate::{Format, Input, List};

/// Parses the file.
pub(crate) fn parse(input: &Input<'_>, _format: Format) -> Result<List, Error> {
    Err(Error::malformed(input.path, "ftm: not implemented yet"))
}

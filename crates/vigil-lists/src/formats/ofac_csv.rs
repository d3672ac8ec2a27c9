//! FIXME(issue 2): parser not written yet.

use crate::error::Error;
use crate::{Input, List};

/// Parses an OFAC CSV family.
pub(crate) fn parse_family(
    primary: &Input<'_>,
    _alt: Option<&Input<'_>>,
    _add: Option<&Input<'_>>,
    _comments: Option<&Input<'_>>,
) -> Result<List, Error> {
    Err(Error::malformed(
        primary.path,
        "ofac csv: not implemented yet",
    ))
}

//! One module per list format; each turns an [`Input`] into a [`List`].
//!
//! Every parser follows the same rules: a bad record or value becomes a
//! diagnostic naming the record and the field, never a failed file; a file
//! with no entity at all is an error ([`crate::require_entities`]).

use crate::error::Error;
use crate::{Format, Input, List};

pub(crate) mod common;
pub(crate) mod eu_fsf;
pub(crate) mod ftm;
pub(crate) mod internal_csv;
pub(crate) mod ofac_advanced;
pub(crate) mod ofac_common;
pub(crate) mod ofac_csv;
pub(crate) mod ofac_enhanced;
pub(crate) mod ofac_xml;
pub(crate) mod official;
pub(crate) mod uk_conlist;
pub(crate) mod uk_sanctions_list;
pub(crate) mod un;

/// Parses one file of a known format.
pub(crate) fn parse(format: Format, input: &Input<'_>) -> Result<List, Error> {
    let list = match format {
        Format::OfacCsv => ofac_csv::parse_family(input, None, None, None)?,
        Format::OfacXml => ofac_xml::parse(input)?,
        Format::OfacAdvancedXml => ofac_advanced::parse(input)?,
        Format::OfacEnhancedXml => ofac_enhanced::parse(input)?,
        Format::UnXml => un::parse(input)?,
        Format::EuFsfXml => eu_fsf::parse(input)?,
        Format::UkConListCsv => uk_conlist::parse(input)?,
        Format::UkSanctionsListXml => uk_sanctions_list::parse(input)?,
        Format::FtmJson | Format::FtmDelta => ftm::parse(input, format)?,
        Format::InternalCsv => internal_csv::parse(input)?,
    };
    crate::require_entities(list)
}

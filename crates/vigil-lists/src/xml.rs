//! Small helpers shared by the XML parsers: opening a document with clear
//! errors (a truncated download is told apart from broken XML), and reading
//! children and text by local name, ignoring namespaces.

use crate::Input;
use crate::error::{Error, ErrorKind};
use roxmltree::{Document, Node};

/// Parses an XML document, mapping failures to [`Error`]s that say whether
/// the file is truncated or malformed, with the line.
pub(crate) fn parse<'a>(input: &Input<'a>) -> Result<Document<'a>, Error> {
    let text = input.text()?;
    if text.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::Empty,
            input.path,
            "the file is empty; a list download may have failed",
        ));
    }
    Document::parse(text).map_err(|e| {
        use roxmltree::Error as X;
        let at_end = e.pos().row as usize >= text.lines().count().saturating_sub(1);
        match e {
            X::UnclosedRootNode | X::UnexpectedEndOfStream => Error::truncated(
                input.path,
                format!("the XML document ends before its root element is closed ({e}); the file is truncated"),
            ),
            _ if at_end => Error::truncated(
                input.path,
                format!("the XML document is cut off at line {} ({e}); the file is truncated", e.pos().row),
            ),
            _ => Error::malformed(input.path, format!("invalid XML: {e}")),
        }
    })
}

/// The root element, which must have this local name; `what` names the
/// format in the error (`"the UN list"`).
pub(crate) fn root<'a, 'i>(
    doc: &'a Document<'i>,
    input: &Input<'_>,
    name: &str,
    what: &str,
) -> Result<Node<'a, 'i>, Error> {
    let root = doc.root_element();
    let found = root.tag_name().name();
    if found != name {
        return Err(Error::malformed(
            input.path,
            format!("the root element is <{found}>, not <{name}> as in {what}"),
        ));
    }
    Ok(root)
}

/// The first child element with this local name.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Every child element with this local name.
pub(crate) fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The trimmed text of an element, `None` when empty.
pub(crate) fn text<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.text().map(str::trim).filter(|t| !t.is_empty())
}

/// The trimmed text of the first child element with this local name.
pub(crate) fn child_text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(text)
}

/// The trimmed value of an attribute, `None` when absent or empty.
pub(crate) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute(name)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

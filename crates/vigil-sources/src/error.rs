//! The errors of fetching and keeping lists: each says which file, URL or
//! setting, and why.

use std::path::{Path, PathBuf};

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder of the data directory could not be read or written
    /// (a full disk shows here).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// A download failed after its retries.
    #[error("{url}: {message}")]
    Download {
        /// The URL.
        url: String,
        /// Why, with the number of attempts.
        message: String,
    },
    /// The sources configuration is wrong.
    #[error("{0}")]
    Config(String),
    /// The data directory holds something it should not (a damaged
    /// manifest, a `current` naming a missing version).
    #[error("{}: {message}", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A version asked for by name does not exist or is ambiguous.
    #[error("{0}")]
    NoSuchVersion(String),
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn damaged(path: &Path, message: impl Into<String>) -> Error {
        Error::Damaged {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// Adds the path to an I/O result.
pub(crate) trait IoContext<T> {
    fn at(self, path: &Path) -> Result<T, Error>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &Path) -> Result<T, Error> {
        self.map_err(|e| Error::io(path, e))
    }
}

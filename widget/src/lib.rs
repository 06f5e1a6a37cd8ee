//! Plauder's browser side.
#![deny(missing_docs)]

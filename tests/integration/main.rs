//! Integration tests of the responder and the `plauder` CLI, on fixture
//! knowledge bases the tests write themselves.

mod hay;
mod util;

mod bundle;
mod check;
mod cli;
mod decision;
mod eval;
mod learning;
mod limits;
mod regressions;
mod sources;
mod understanding;

//! The Yew components. Each gets what it shows and `Callback`s; only
//! [`app::App`] holds the state.

pub mod app;
mod composer;
mod handoff_card;
mod header;
mod message;
pub mod rich;

pub use app::{App, AppProps, Command, Shared, faq_version};

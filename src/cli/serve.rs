//! `lessonbook serve`: the site in memory on localhost, with live reload.

use std::net::IpAddr;

use super::{BookArgs, EXIT_FAILURE, print_error};
use crate::serve::{self, Options};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub book: BookArgs,
    /// The port to listen on (0: any free port)
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on; anything but loopback shows the records to the network
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the desktop's browser
    #[arg(long)]
    pub open: bool,
    /// Watch by polling, for file systems whose change events are unreliable
    #[arg(long)]
    pub poll: bool,
}

pub fn execute(args: &ServeArgs) -> i32 {
    let options = Options {
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        color: args.book.color.enabled(),
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this address can read the records",
            args.bind
        );
    }
    match serve::run(|color| args.book.try_settings(color), &options) {
        Ok(()) => super::EXIT_OK,
        Err(error) => {
            print_error(&error);
            EXIT_FAILURE
        }
    }
}

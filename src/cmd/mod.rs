//! One file per subcommand, each thin: parse arguments, call the library modules, report.

pub mod analyze;
pub mod build;
pub mod check;
pub mod init;
pub mod serve;

//! `chorus`: a thin entry point; everything it does lives in the library.

use chorus::cli::{Cli, Command};
use chorus::config::Config;
use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    chorus::telemetry::init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chorus: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = || Config::from_settings(cli.settings.clone());
    match cli.command.as_ref().unwrap_or(&Command::Serve) {
        Command::Serve => chorus::Application::build(config()?).await?.run_until(chorus::shutdown_signal()).await,
        Command::Themes(args) => chorus::cli::run_themes(args),
        Command::ImportResponses { survey, input, id_column } => {
            chorus::cli::run_import(&config()?, survey, input, id_column.as_deref()).await
        }
        Command::SeedDemo { responses } => chorus::cli::run_seed_demo(&config()?, *responses).await,
        Command::CreateAdmin { email, name } => chorus::cli::run_create_admin(&config()?, email, name).await,
    }
}

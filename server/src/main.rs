//! `chorus`: a thin entry point; everything it does lives in the library.

use chorus::cli::{Command, USAGE};
use chorus::config::Config;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    chorus::telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chorus: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> anyhow::Result<()> {
    match Command::parse(args).map_err(|e| anyhow::anyhow!("{e}\n\n{USAGE}"))? {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Serve => {
            let config = Config::from_env()?;
            chorus::Application::build(config).await?.run_until(chorus::shutdown_signal()).await
        }
        Command::Themes(args) => chorus::cli::run_themes(&args),
        Command::ImportResponses { survey, input, id_column } => {
            chorus::cli::run_import(&Config::from_env()?, &survey, &input, id_column.as_deref()).await
        }
        Command::SeedDemo { responses } => chorus::cli::run_seed_demo(&Config::from_env()?, responses).await,
        Command::CreateAdmin { email, name } => {
            let config = Config::from_env()?;
            chorus::cli::run_create_admin(&config, &email, &name).await
        }
    }
}

//! The `chorus` command: serve the app, or manage it from a terminal.

use crate::accounts::queries as users;
use crate::config::{Config, Settings};
use crate::db::Db;
use crate::domain::{Email, NewPassword, Role};
use anyhow::{bail, Context};

/// The `chorus` command line.
#[derive(clap::Parser, Debug)]
#[command(
    name = "chorus",
    version,
    about = "Chorus: engagement and co-production for SEND services",
    after_help = "Also read from the environment: CHORUS_MODEL_DIR (the sentence model for themes, default \
                  models/all-MiniLM-L6-v2; without it themes come from words alone), RUST_LOG (log level, default info) \
                  and CHORUS_LOG_FORMAT=json (JSON log lines)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

/// What the command line asks for.
#[derive(clap::Subcommand, Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve the app (what a bare `chorus` does)
    Serve,
    /// Add an administrator; the password comes from CHORUS_ADMIN_PASSWORD or is asked for
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Load the STLS demo (Phase 2 open, Phase 1 with results published) and N made-up responses
    /// to Phase 2, N/4 to Phase 1
    SeedDemo {
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
        responses: u32,
    },
    /// Find themes in any CSV of answers, offline: writes id,theme_id,theme_label,stance (to
    /// standard output without --output) and a summary to standard error
    Themes(ThemesArgs),
    /// Bring answers from paper forms or another tool into a published survey: one column per
    /// question (its id or wording), one row per response
    ImportResponses {
        /// The survey's web address, as in /s/SLUG
        #[arg(long)]
        survey: String,
        #[arg(long)]
        input: String,
        /// A column identifying each response, reported back when a row cannot be imported
        #[arg(long)]
        id_column: Option<String>,
    },
}

/// How many themes to find; none for as many as the answers hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThemeCount(pub Option<usize>);

/// Reads a number from 1 to 200, or `auto`.
fn theme_count(value: &str) -> Result<ThemeCount, String> {
    match value {
        "auto" => Ok(ThemeCount(None)),
        n => match n.parse::<usize>() {
            Ok(n) if (1..=200).contains(&n) => Ok(ThemeCount(Some(n))),
            _ => Err("a number from 1 to 200, or auto".into()),
        },
    }
}

/// `chorus themes`' options.
#[derive(clap::Args, Debug, Default, PartialEq, Eq)]
pub struct ThemesArgs {
    #[arg(long)]
    pub input: String,
    #[arg(long)]
    pub text_column: String,
    #[arg(long)]
    pub id_column: String,
    /// How many themes to find, or `auto`
    #[arg(long, default_value = "auto", value_parser = theme_count)]
    pub themes: ThemeCount,
    #[arg(long)]
    pub output: Option<String>,
    /// The question the answers were given to: a plain answer's stance is then read as the
    /// question asked for
    #[arg(long)]
    pub question: Option<String>,
}

/// Themes a CSV file offline with the same engine the server uses.
pub fn run_themes(args: &ThemesArgs) -> anyhow::Result<()> {
    let csv = std::fs::read_to_string(&args.input).with_context(|| format!("cannot read {}", args.input))?;
    let embedder = chorus_themes::Embedder::load_default();
    let framing = args.question.as_deref().map(chorus_themes::stance::Framing::of_question).unwrap_or_default();
    let report = chorus_themes::offline::run(&csv, &args.text_column, &args.id_column, args.themes.0, framing, &embedder)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.input))?;
    match &args.output {
        Some(path) => std::fs::write(path, &report.assignments).with_context(|| format!("cannot write {path}"))?,
        None => print!("{}", report.assignments),
    }
    eprint!("{}", report.summary);
    Ok(())
}

/// Imports a CSV of answers into a published survey.
pub async fn run_import(config: &Config, survey: &str, input: &str, id_column: Option<&str>) -> anyhow::Result<()> {
    let csv = std::fs::read_to_string(input).with_context(|| format!("cannot read {input}"))?;
    let db = Db::connect(&config.database_url).await?;
    let n = crate::respond::import::import(&db, survey, &csv, id_column).await?;
    db.close().await;
    println!("Imported {n} responses into /s/{survey}.");
    Ok(())
}

/// Adds an administrator account.
pub async fn create_admin(db: &Db, email: &str, name: &str, password: NewPassword) -> anyhow::Result<i64> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = crate::accounts::passwords::hash(password.expose().to_owned()).await?;
    let id = users::insert(db, &email, name.trim(), &hash, Role::Admin).await?;
    Ok(id)
}

/// `chorus create-admin`: reads the password, connects and adds the account.
pub async fn run_create_admin(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let password = match std::env::var("CHORUS_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let first = rpassword::prompt_password("Password (at least 12 characters): ")
                .context("reading the password; set CHORUS_ADMIN_PASSWORD when there is no terminal")?;
            let second = rpassword::prompt_password("Password again: ").context("reading the password")?;
            if first != second {
                bail!("the passwords do not match");
            }
            first
        }
    };
    let password = NewPassword::parse(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = Db::connect(&config.database_url).await?;
    let id = create_admin(&db, email, name, password).await?;
    tracing::info!(user_id = id, "administrator created");
    println!("Created administrator {} (account {id}).", email.trim().to_lowercase());
    db.close().await;
    Ok(())
}

/// `chorus seed-demo [--responses N]`.
pub async fn run_seed_demo(config: &Config, responses: u32) -> anyhow::Result<()> {
    let responses = responses as usize;
    let db = Db::connect(&config.database_url).await?;
    if crate::demo::seed(&db).await? {
        println!(
            "Loaded the STLS demo: Phase 2 open at /e/stls-phase-2 (surveys /s/young-people, /s/parents-carers and /s/schools), \
             Phase 1 closed with its results published at /e/stls-phase-1."
        );
    } else {
        println!("The STLS demo is already loaded.");
    }
    if responses > 0 {
        crate::demo::add_responses(&db, responses).await?;
        // The first phase heard from fewer people, months earlier.
        let earlier = crate::demo::add_first_phase_responses(&db, responses / 4).await?;
        println!("Added {responses} made-up responses to the Phase 2 surveys and {earlier} to the Phase 1 survey.");
    }
    db.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(list: &[&str]) -> Result<Option<Command>, clap::Error> {
        Cli::try_parse_from(std::iter::once("chorus").chain(list.iter().copied())).map(|c| c.command)
    }

    #[test]
    fn no_arguments_means_serve() {
        assert_eq!(parse(&[]).unwrap(), None);
        assert_eq!(parse(&["serve"]).unwrap(), Some(Command::Serve));
    }

    #[test]
    fn create_admin_reads_its_options() {
        let command = parse(&["create-admin", "--email", "a@b.org", "--name", "Ann"]).unwrap();
        assert_eq!(command, Some(Command::CreateAdmin { email: "a@b.org".into(), name: "Ann".into() }));
    }

    #[test]
    fn seed_demo_may_add_responses() {
        assert_eq!(parse(&["seed-demo"]).unwrap(), Some(Command::SeedDemo { responses: 0 }));
        assert_eq!(parse(&["seed-demo", "--responses", "5000"]).unwrap(), Some(Command::SeedDemo { responses: 5000 }));
        assert!(parse(&["seed-demo", "--responses", "many"]).is_err());
        assert!(parse(&["seed-demo", "--responses", "2000000"]).is_err());
    }

    #[test]
    fn themes_reads_its_options() {
        let c = parse(&["themes", "--input", "a.csv", "--text-column", "text", "--id-column", "id", "--themes", "12"]).unwrap();
        assert_eq!(
            c,
            Some(Command::Themes(ThemesArgs {
                input: "a.csv".into(),
                text_column: "text".into(),
                id_column: "id".into(),
                themes: ThemeCount(Some(12)),
                output: None,
                question: None
            }))
        );
        let asked =
            parse(&["themes", "--input", "a.csv", "--text-column", "t", "--id-column", "i", "--question", "What worked well?"]).unwrap();
        assert!(
            matches!(asked, Some(Command::Themes(ThemesArgs { question: Some(q), themes: ThemeCount(None), .. })) if q == "What worked well?")
        );
        let auto =
            parse(&["themes", "--input", "a.csv", "--text-column", "t", "--id-column", "i", "--themes", "auto", "--output", "o.csv"])
                .unwrap();
        assert!(matches!(auto, Some(Command::Themes(ThemesArgs { themes: ThemeCount(None), output: Some(_), .. }))));
        assert!(parse(&["themes", "--input", "a.csv"]).is_err());
        assert!(parse(&["themes", "--input", "a.csv", "--text-column", "t", "--id-column", "i", "--themes", "0"]).is_err());
    }

    #[test]
    fn import_responses_reads_its_options() {
        let c = parse(&["import-responses", "--survey", "parents-carers", "--input", "p.csv", "--id-column", "ref"]).unwrap();
        assert_eq!(
            c,
            Some(Command::ImportResponses { survey: "parents-carers".into(), input: "p.csv".into(), id_column: Some("ref".into()) })
        );
        assert!(parse(&["import-responses", "--survey", "x"]).is_err());
    }

    #[test]
    fn create_admin_without_email_is_an_error() {
        assert!(parse(&["create-admin"]).is_err());
        assert!(parse(&["create-admin", "--email"]).is_err());
        assert!(parse(&["frobnicate"]).is_err());
    }

    #[test]
    fn settings_come_from_options_too_and_help_names_every_variable() {
        let cli = Cli::try_parse_from(["chorus", "--database-url", "sqlite://x.db", "seed-demo"]).unwrap();
        assert_eq!(cli.settings.database_url.as_deref(), Some("sqlite://x.db"));
        let help = <Cli as clap::CommandFactory>::command().render_long_help().to_string();
        for name in ["DATABASE_URL", "LEPTOS_SITE_ADDR", "CHORUS_DATA_DIR", "CHORUS_SESSION_SECRET", "CHORUS_SMTP_URL", "CHORUS_MODEL_DIR"]
        {
            assert!(help.contains(name), "{name}");
        }
    }
}

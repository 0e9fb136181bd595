//! The `chorus` command: serve the app, or manage it from a terminal.

use crate::accounts::queries as users;
use crate::config::Config;
use crate::db::Db;
use crate::domain::{Email, NewPassword, Role};
use anyhow::{bail, Context};

pub const USAGE: &str = "\
Usage:
  chorus [serve]                        serve the app (settings from environment variables)
  chorus create-admin --email EMAIL [--name NAME]
                                        add an administrator; the password comes from
                                        CHORUS_ADMIN_PASSWORD or is asked for
  chorus seed-demo [--responses N]      load the STLS demo (Phase 2 open, Phase 1 with results
                                        published) and N made-up responses to Phase 2, N/4 to Phase 1
  chorus themes --input FILE.csv --text-column NAME --id-column NAME
                [--themes N|auto] [--output FILE.csv] [--question TEXT]
                                        find themes in any CSV of answers, offline; writes
                                        id,theme_id,theme_label,stance (to standard output
                                        without --output) and a summary to standard error;
                                        with the question they answered, a plain answer's
                                        stance is read as the question asked for
  chorus import-responses --survey SLUG --input FILE.csv [--id-column NAME]
                                        bring answers from paper forms or another tool
                                        into a published survey: one column per question
                                        (its id or wording), one row per response
  chorus help                           show this text

Environment:
  DATABASE_URL          sqlite://data/chorus.db (default) or postgres://user@host/db
  LEPTOS_SITE_ADDR      address to listen on (default 127.0.0.1:3000)
  LEPTOS_SITE_ROOT      folder with the browser bundle in pkg/ (default target/site)
  CHORUS_DATA_DIR       folder for the SQLite file and session key (default data)
  CHORUS_SESSION_SECRET 64+ characters; generated and kept on first run if unset
  CHORUS_PUBLIC_URL     the address people use; https:// makes cookies Secure
  CHORUS_MODEL_DIR      sentence model for themes (default models/all-MiniLM-L6-v2;
                        without it themes come from words alone)
  RUST_LOG              log level (default info); CHORUS_LOG_FORMAT=json for JSON logs";

/// `chorus themes`' options.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ThemesArgs {
    pub input: String,
    pub text_column: String,
    pub id_column: String,
    /// None for automatic.
    pub themes: Option<usize>,
    pub output: Option<String>,
    /// The question the answers were given to, if known.
    pub question: Option<String>,
}

/// Themes a CSV file offline with the same engine the server uses.
pub fn run_themes(args: &ThemesArgs) -> anyhow::Result<()> {
    let csv = std::fs::read_to_string(&args.input).with_context(|| format!("cannot read {}", args.input))?;
    let embedder = chorus_themes::Embedder::load_default();
    let framing = args.question.as_deref().map(chorus_themes::stance::Framing::of_question).unwrap_or_default();
    let report = chorus_themes::offline::run(&csv, &args.text_column, &args.id_column, args.themes, framing, &embedder)
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

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    CreateAdmin { email: String, name: String },
    SeedDemo { responses: usize },
    Themes(ThemesArgs),
    ImportResponses { survey: String, input: String, id_column: Option<String> },
    Help,
}

impl Command {
    pub fn parse(args: &[String]) -> anyhow::Result<Self> {
        match args.first().map(String::as_str) {
            None | Some("serve") => Ok(Self::Serve),
            Some("help" | "--help" | "-h") => Ok(Self::Help),
            Some("seed-demo") => match &args[1..] {
                [] => Ok(Self::SeedDemo { responses: 0 }),
                [flag, n] if flag == "--responses" => {
                    let responses =
                        n.parse().ok().filter(|n| *n <= 1_000_000).context("--responses needs a whole number up to 1,000,000")?;
                    Ok(Self::SeedDemo { responses })
                }
                _ => bail!("seed-demo takes only --responses N"),
            },
            Some("create-admin") => {
                let mut email = None;
                let mut name = String::new();
                let mut rest = args[1..].iter();
                while let Some(flag) = rest.next() {
                    let value = rest.next().with_context(|| format!("{flag} needs a value"))?;
                    match flag.as_str() {
                        "--email" => email = Some(value.clone()),
                        "--name" => name = value.clone(),
                        other => bail!("unknown option {other}"),
                    }
                }
                let email = email.context("create-admin needs --email")?;
                Ok(Self::CreateAdmin { email, name })
            }
            Some("themes") => {
                let mut t = ThemesArgs::default();
                let mut rest = args[1..].iter();
                while let Some(flag) = rest.next() {
                    let value = rest.next().with_context(|| format!("{flag} needs a value"))?.clone();
                    match flag.as_str() {
                        "--input" => t.input = value,
                        "--text-column" => t.text_column = value,
                        "--id-column" => t.id_column = value,
                        "--output" => t.output = Some(value),
                        "--question" => t.question = Some(value),
                        "--themes" if value == "auto" => t.themes = None,
                        "--themes" => match value.parse::<usize>() {
                            Ok(n) if (1..=200).contains(&n) => t.themes = Some(n),
                            _ => bail!("--themes takes a number from 1 to 200, or auto"),
                        },
                        other => bail!("unknown option {other}"),
                    }
                }
                if t.input.is_empty() || t.text_column.is_empty() || t.id_column.is_empty() {
                    bail!("themes needs --input, --text-column and --id-column");
                }
                Ok(Self::Themes(t))
            }
            Some("import-responses") => {
                let (mut survey, mut input, mut id_column) = (String::new(), String::new(), None);
                let mut rest = args[1..].iter();
                while let Some(flag) = rest.next() {
                    let value = rest.next().with_context(|| format!("{flag} needs a value"))?.clone();
                    match flag.as_str() {
                        "--survey" => survey = value,
                        "--input" => input = value,
                        "--id-column" => id_column = Some(value),
                        other => bail!("unknown option {other}"),
                    }
                }
                if survey.is_empty() || input.is_empty() {
                    bail!("import-responses needs --survey and --input");
                }
                Ok(Self::ImportResponses { survey, input, id_column })
            }
            Some(other) => bail!("unknown command {other}"),
        }
    }
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
pub async fn run_seed_demo(config: &Config, responses: usize) -> anyhow::Result<()> {
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

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_arguments_means_serve() {
        assert_eq!(Command::parse(&[]).unwrap(), Command::Serve);
    }

    #[test]
    fn create_admin_reads_its_options() {
        let command = Command::parse(&args(&["create-admin", "--email", "a@b.org", "--name", "Ann"])).unwrap();
        assert_eq!(command, Command::CreateAdmin { email: "a@b.org".into(), name: "Ann".into() });
    }

    #[test]
    fn seed_demo_may_add_responses() {
        assert_eq!(Command::parse(&args(&["seed-demo"])).unwrap(), Command::SeedDemo { responses: 0 });
        assert_eq!(Command::parse(&args(&["seed-demo", "--responses", "5000"])).unwrap(), Command::SeedDemo { responses: 5000 });
        assert!(Command::parse(&args(&["seed-demo", "--responses", "many"])).is_err());
    }

    #[test]
    fn themes_reads_its_options() {
        let c =
            Command::parse(&args(&["themes", "--input", "a.csv", "--text-column", "text", "--id-column", "id", "--themes", "12"])).unwrap();
        assert_eq!(
            c,
            Command::Themes(ThemesArgs {
                input: "a.csv".into(),
                text_column: "text".into(),
                id_column: "id".into(),
                themes: Some(12),
                output: None,
                question: None
            })
        );
        let asked = Command::parse(&args(&[
            "themes",
            "--input",
            "a.csv",
            "--text-column",
            "t",
            "--id-column",
            "i",
            "--question",
            "What worked well?",
        ]))
        .unwrap();
        assert!(matches!(asked, Command::Themes(ThemesArgs { question: Some(q), .. }) if q == "What worked well?"));
        let auto = Command::parse(&args(&[
            "themes",
            "--input",
            "a.csv",
            "--text-column",
            "t",
            "--id-column",
            "i",
            "--themes",
            "auto",
            "--output",
            "o.csv",
        ]))
        .unwrap();
        assert!(matches!(auto, Command::Themes(ThemesArgs { themes: None, output: Some(_), .. })));
        assert!(Command::parse(&args(&["themes", "--input", "a.csv"])).is_err());
        assert!(Command::parse(&args(&["themes", "--input", "a.csv", "--text-column", "t", "--id-column", "i", "--themes", "0"])).is_err());
    }

    #[test]
    fn import_responses_reads_its_options() {
        let c =
            Command::parse(&args(&["import-responses", "--survey", "parents-carers", "--input", "p.csv", "--id-column", "ref"])).unwrap();
        assert_eq!(c, Command::ImportResponses { survey: "parents-carers".into(), input: "p.csv".into(), id_column: Some("ref".into()) });
        assert!(Command::parse(&args(&["import-responses", "--survey", "x"])).is_err());
    }

    #[test]
    fn create_admin_without_email_is_an_error() {
        assert!(Command::parse(&args(&["create-admin"])).is_err());
        assert!(Command::parse(&args(&["create-admin", "--email"])).is_err());
        assert!(Command::parse(&args(&["frobnicate"])).is_err());
    }
}

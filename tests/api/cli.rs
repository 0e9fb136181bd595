use crate::helpers::{spawn_app, Backend};
use chorus::accounts::queries::InsertUserError;
use chorus::cli::create_admin;
use chorus::domain::NewPassword;

async fn create_admin_stores_an_argon2id_hash_and_never_the_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let password = NewPassword::parse("a long enough password".into()).unwrap();

    create_admin(&app.db, " Ann@Kent.gov.uk", "Ann Smith", password).await.unwrap();

    let (email, hash, role): (String, String, String) =
        sqlx::query_as("select email, password_hash, role from users").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(email, "ann@kent.gov.uk");
    assert_eq!(role, "admin");
    assert!(hash.starts_with("$argon2id$"));
    assert!(!hash.contains("a long enough password"));
    assert_eq!(app.sign_in("ann@kent.gov.uk", "a long enough password").await.status(), 303);
}

async fn create_admin_refuses_an_email_already_in_use(backend: Backend) {
    let app = spawn_app(backend).await;
    let password = || NewPassword::parse("a long enough password".into()).unwrap();
    create_admin(&app.db, "ann@kent.gov.uk", "", password()).await.unwrap();

    let again = create_admin(&app.db, "ANN@kent.gov.uk", "", password()).await;

    let error = again.unwrap_err();
    assert!(matches!(error.downcast_ref::<InsertUserError>(), Some(InsertUserError::EmailTaken)), "{error:#}");
}

async fn imported_paper_responses_count_and_can_be_themed(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let csv = "ref,relationship,Which part of Kent do you live in?,change\n\
               P-001,Parent,Thanet,\"The wait for a visit was far too long, months\"\n\
               P-002,foster-carer,dover,Nobody told us what was recommended\n\
               P-003,Carer or guardian,Swale,\n";
    let n = chorus::respond::import::import(&app.db, "parents-carers", csv, Some("ref")).await.unwrap();
    assert_eq!(n, 3);
    let rows: Vec<(String, i64)> =
        sqlx::query_as("select channel, count(*) from responses where submitted_at is not null group by channel")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(rows, [("import".to_string(), 3)]);
    let texts: i64 = sqlx::query_scalar("select count(*) from answers where text_value is not null").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(texts, 2);

    // A file with any problem is refused whole.
    let bad = "relationship,district\nParent,Atlantis\nUncle,Thanet\n";
    let error = chorus::respond::import::import(&app.db, "parents-carers", bad, None).await.unwrap_err().to_string();
    assert!(error.contains("Row 2,") && error.contains("Atlantis") && error.contains("Row 3,") && error.contains("Uncle"), "{error}");
    let sent: i64 = sqlx::query_scalar("select count(*) from responses").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(sent, 3, "nothing of the bad file was imported");
    assert!(chorus::respond::import::import(&app.db, "no-such-survey", csv, None).await.is_err());

    let analyst = app.add_user("analyst@kent.gov.uk", chorus::domain::Role::Analyst).await;
    let set = chorus::themes::analysis::find_themes(&app.db, 1, &chorus::themes::analysis::Scope::All, None, analyst).await;
    assert!(set.is_ok(), "imported answers are themed like any other");
    let themed: i64 = sqlx::query_scalar("select count(*) from theme_answers").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(themed, 2);
}

crate::on_both_backends!(
    imported_paper_responses_count_and_can_be_themed,
    create_admin_stores_an_argon2id_hash_and_never_the_password,
    create_admin_refuses_an_email_already_in_use,
);

use crate::helpers::{spawn_app, Backend};
use chorus::cli::create_admin;
use chorus::db::users::InsertUserError;
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

crate::on_both_backends!(
    create_admin_stores_an_argon2id_hash_and_never_the_password,
    create_admin_refuses_an_email_already_in_use,
);

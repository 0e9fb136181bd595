//! Every query about people who asked to hear when an engagement publishes something: their
//! addresses, what was published, and which emails have gone.

use crate::db::Db;

/// Keeps an address for an engagement. Returns the new stop token, or `None` when the address
/// had already asked (nothing changes, and nobody learns whether it had).
pub async fn subscribe(db: &Db, engagement_id: i64, email: &str, at: i64) -> sqlx::Result<Option<String>> {
    let token = crate::web::codes::secret_token();
    let added = sqlx::query(
        "insert into update_subscriptions (engagement_id, email, stop_token, signed_up_on) values ($1, $2, $3, $4) \
         on conflict (engagement_id, email) do nothing",
    )
    .bind(engagement_id)
    .bind(email)
    .bind(&token)
    .bind(crate::db::day_of(at))
    .execute(&db.writer)
    .await?
    .rows_affected();
    Ok((added == 1).then_some(token))
}

/// The engagement (slug, title) an address's stop link belongs to.
pub async fn find_by_token(db: &Db, token: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "select e.slug, e.title from update_subscriptions s join engagements e on e.id = s.engagement_id where s.stop_token = $1",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await
}

/// Deletes an address and its emails still to send; whether there was one.
pub async fn stop(db: &Db, token: &str) -> sqlx::Result<bool> {
    let mut tx = db.writer.begin().await?;
    sqlx::query("delete from update_deliveries where subscription_id in (select id from update_subscriptions where stop_token = $1)")
        .bind(token)
        .execute(&mut *tx)
        .await?;
    let deleted = sqlx::query("delete from update_subscriptions where stop_token = $1").bind(token).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(deleted.rows_affected() == 1)
}

/// How many addresses wait to hear about an engagement.
pub async fn count(db: &Db, engagement_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("select cast(count(*) as bigint) from update_subscriptions where engagement_id = $1")
        .bind(engagement_id)
        .fetch_one(&db.pool)
        .await
}

/// An address as administrators download it.
#[derive(Debug, sqlx::FromRow)]
pub struct Subscriber {
    pub email: String,
    pub stop_token: String,
    pub signed_up_on: i64,
}

/// The addresses for an engagement, in the order of the alphabet (never the order they came in).
pub async fn subscribers(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<Subscriber>> {
    sqlx::query_as("select email, stop_token, signed_up_on from update_subscriptions where engagement_id = $1 order by email")
        .bind(engagement_id)
        .fetch_all(&db.pool)
        .await
}

/// Records that something was published, with an email to send to everyone who had asked by
/// then. A kind already noted within `quiet` seconds is not noted again, so a morning of
/// small changes makes one email. Returns whether it was noted.
pub async fn add_notice(db: &Db, engagement_id: i64, kind: &str, at: i64, quiet: i64) -> sqlx::Result<bool> {
    let mut tx = db.writer.begin().await?;
    let recent: i64 = sqlx::query_scalar(
        "select cast(count(*) as bigint) from update_notices where engagement_id = $1 and kind = $2 and created_at > $3",
    )
    .bind(engagement_id)
    .bind(kind)
    .bind(at - quiet)
    .fetch_one(&mut *tx)
    .await?;
    if recent > 0 {
        return Ok(false);
    }
    let id: i64 = sqlx::query_scalar("insert into update_notices (engagement_id, kind, created_at) values ($1, $2, $3) returning id")
        .bind(engagement_id)
        .bind(kind)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "insert into update_deliveries (notice_id, subscription_id) select $1, id from update_subscriptions where engagement_id = $2",
    )
    .bind(id)
    .bind(engagement_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A notice as staff see it: what was published, when, and how many of its emails have gone.
#[derive(Debug, sqlx::FromRow)]
pub struct Notice {
    pub kind: String,
    pub created_at: i64,
    pub emails: i64,
    pub sent: i64,
}

pub async fn notices(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<Notice>> {
    sqlx::query_as(
        "select n.kind, n.created_at, cast(count(d.subscription_id) as bigint) as emails, \
         cast(count(d.sent_at) as bigint) as sent \
         from update_notices n left join update_deliveries d on d.notice_id = n.id \
         where n.engagement_id = $1 group by n.id, n.kind, n.created_at order by n.created_at desc, n.id desc",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// One email to send.
#[derive(Debug, sqlx::FromRow)]
pub struct Pending {
    pub notice_id: i64,
    pub subscription_id: i64,
    pub kind: String,
    pub email: String,
    pub stop_token: String,
    pub slug: String,
    pub title: String,
}

/// How long an email claimed by a server that then failed waits before another tries it.
const RETRY_AFTER: i64 = 600;

/// Claims up to `limit` emails to send: each is claimed by one server only, and tried again
/// after [`RETRY_AFTER`] seconds if it was not sent.
pub async fn claim(db: &Db, limit: i64, at: i64) -> sqlx::Result<Vec<Pending>> {
    let candidates: Vec<Pending> = sqlx::query_as(
        "select d.notice_id, d.subscription_id, n.kind, s.email, s.stop_token, e.slug, e.title \
         from update_deliveries d join update_notices n on n.id = d.notice_id \
         join update_subscriptions s on s.id = d.subscription_id join engagements e on e.id = n.engagement_id \
         where d.sent_at is null and (d.claimed_at is null or d.claimed_at < $1) \
         order by d.notice_id, d.subscription_id limit $2",
    )
    .bind(at - RETRY_AFTER)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut claimed = Vec::new();
    for p in candidates {
        let won = sqlx::query(
            "update update_deliveries set claimed_at = $1 where notice_id = $2 and subscription_id = $3 \
             and sent_at is null and (claimed_at is null or claimed_at < $4)",
        )
        .bind(at)
        .bind(p.notice_id)
        .bind(p.subscription_id)
        .bind(at - RETRY_AFTER)
        .execute(&db.writer)
        .await?
        .rows_affected();
        if won == 1 {
            claimed.push(p);
        }
    }
    Ok(claimed)
}

pub async fn mark_sent(db: &Db, notice_id: i64, subscription_id: i64, at: i64) -> sqlx::Result<()> {
    sqlx::query("update update_deliveries set sent_at = $1 where notice_id = $2 and subscription_id = $3")
        .bind(at)
        .bind(notice_id)
        .bind(subscription_id)
        .execute(&db.writer)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_day_is_kept() {
        assert_eq!(crate::db::day_of(86_400 * 3 + 5_000), 86_400 * 3);
        assert_eq!(crate::db::day_of(86_400 * 3), 86_400 * 3);
    }
}

//! The audit log: who read or downloaded personal data, or changed an account, and when.

use leptos::prelude::*;

/// One entry as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub what: String,
    /// The address used (a page, a download, or where a change was sent).
    pub address: String,
}

#[component]
pub fn AuditPage(rows: Vec<AuditRow>, page: usize, pages: usize, total: usize) -> impl IntoView {
    let nav = (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages of the audit log">
                <p class="body">{format!("Page {page} of {pages}")}</p>
                <ul class="list list--inline">
                    {(page > 1).then(|| view! { <li><a href=format!("/admin/audit?page={}", page - 1) rel="prev">"Newer entries"</a></li> })}
                    {(page < pages).then(|| view! { <li><a href=format!("/admin/audit?page={}", page + 1) rel="next">"Older entries"</a></li> })}
                </ul>
            </nav>
        }
    });
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        <h1 class="heading-xl">"Audit log"</h1>
        <p class="body">
            "Every time a member of staff read or downloaded personal data (answers, the answers behind themes, "
            "safeguarding items, the co-production group, email addresses, access codes) or changed a staff account, "
            "newest first. Times are in UTC. Entries are never changed or deleted."
        </p>
        <p class="body"><a href="/admin/audit.csv" download>{format!("Download the whole log ({total} entries, CSV)")}</a></p>
        {if rows.is_empty() {
            view! { <p class="body">"Nothing has been recorded yet."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrapper" role="region" aria-label="Audit log entries" tabindex="0">
                    <table class="table">
                        <caption class="visually-hidden">"Audit log entries, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"When"</th>
                                <th scope="col">"Who"</th>
                                <th scope="col">"What"</th>
                                <th scope="col">"Address"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr>
                                            <td>{r.when}</td>
                                            <td>{r.who}</td>
                                            <td>{r.what}</td>
                                            <td class="break-anywhere">{r.address}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {nav}
    }
}

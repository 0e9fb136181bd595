//! The staff area.

use leptos::prelude::*;

/// The signed-in member of staff, as the staff area shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSummary {
    pub email: String,
    pub display_name: String,
    /// The role's name in words, e.g. "Administrator".
    pub role: String,
    pub is_admin: bool,
}

/// One engagement in the staff list, any state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementRow {
    pub title: String,
    /// The state in words, e.g. "Open".
    pub state: String,
    pub opens: Option<String>,
    pub closes: Option<String>,
}

#[component]
pub fn AdminHomePage(me: StaffSummary, engagements: Vec<EngagementRow>) -> impl IntoView {
    let name = if me.display_name.is_empty() { me.email.clone() } else { me.display_name.clone() };
    let engagements_view = if engagements.is_empty() {
        view! { <p class="body">"There are no engagements yet."</p> }.into_any()
    } else {
        view! {
            <div class="table-wrapper" role="region" aria-labelledby="engagements-heading" tabindex="0">
                <table class="table">
                    <caption class="visually-hidden">"All engagements with their state and dates"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Engagement"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Opens"</th>
                            <th scope="col">"Closes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {engagements
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <tr>
                                        <th scope="row">{e.title}</th>
                                        <td><span class="tag">{e.state}</span></td>
                                        <td>{e.opens.unwrap_or_else(|| "Not set".into())}</td>
                                        <td>{e.closes.unwrap_or_else(|| "Not set".into())}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <span class="caption-l">"Staff area"</span>
        <h1 class="heading-xl">"Welcome, " {name}</h1>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Signed in as"</dt>
                <dd class="summary-list__value">{me.email}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Role"</dt>
                <dd class="summary-list__value">{me.role}</dd>
            </div>
        </dl>
        <h2 class="heading-l" id="engagements-heading">"Engagements"</h2>
        {engagements_view}
        {me.is_admin.then(|| view! {
            <h2 class="heading-l">"Administration"</h2>
            <ul class="list">
                <li><a href="/admin/users">"Staff accounts and roles"</a></li>
            </ul>
        })}
    }
}

/// One staff account in the administrator's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub created: String,
}

#[component]
pub fn UsersPage(users: Vec<UserRow>) -> impl IntoView {
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        <h1 class="heading-xl">"Staff accounts"</h1>
        <p class="body">
            "Everyone who can sign in to Chorus, and what their role lets them do. "
            "Administrators add accounts with the "<code>"chorus create-admin"</code>" command."
        </p>
        <div class="table-wrapper" role="region" aria-label="Staff accounts" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Staff accounts with their roles"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Email address"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Added"</th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|u| {
                            view! {
                                <tr>
                                    <th scope="row">{u.email}</th>
                                    <td>{u.display_name}</td>
                                    <td>{u.role}</td>
                                    <td>{u.created}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

//! Who may do what: every staff action as a [`Permission`], answered by [`Role::can`]. The whole
//! access matrix is the one `match` below.

use crate::domain::Role;

/// Something a member of staff may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// See engagements, their surveys and previews.
    ViewEngagements,
    /// Create and change engagements and surveys, publish them, import schools, and make and see
    /// access codes (a code lets anyone answer as its school).
    EditEngagements,
    /// See results, outcomes, monitoring and themes, small numbers hidden.
    SeeResults,
    /// Download responses and workbooks. Not viewers: they read counts with small ones hidden,
    /// which a row per response would undo.
    ExportResults,
    /// Find, rename, merge and split themes, and see the answers behind them.
    ReviewThemes,
    /// See flagged answers and record what was done about them.
    Safeguard,
    /// Add, change and disable staff accounts.
    ManageUsers,
    /// See results as they would be shared outside the council (every small number hidden).
    PreviewSharedResults,
    /// See exact counts, however small, on the results pages.
    SeeSmallNumbers,
    /// Read answers with the names of schools left in.
    ReadUnredacted,
    /// See the access codes of the schools linked to the account, and how many answered with
    /// each, small numbers hidden; nothing of other schools.
    SeeOwnSchools,
    /// Download the email addresses people left to hear when results are published.
    DownloadAddresses,
    /// Read and download the audit log of who read personal data or changed accounts.
    ReadAuditLog,
}

impl Permission {
    pub const ALL: [Permission; 13] = [
        Permission::ViewEngagements,
        Permission::EditEngagements,
        Permission::SeeResults,
        Permission::ExportResults,
        Permission::ReviewThemes,
        Permission::Safeguard,
        Permission::ManageUsers,
        Permission::PreviewSharedResults,
        Permission::SeeSmallNumbers,
        Permission::ReadUnredacted,
        Permission::SeeOwnSchools,
        Permission::DownloadAddresses,
        Permission::ReadAuditLog,
    ];
}

impl Role {
    /// Whether someone with this role may do `permission`.
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            ViewEngagements => matches!(self, Admin | Commissioner | Analyst | SafeguardingLead | Viewer),
            EditEngagements => matches!(self, Admin | Commissioner),
            SeeResults => matches!(self, Admin | Commissioner | Analyst | Viewer),
            ExportResults | ReviewThemes => matches!(self, Admin | Commissioner | Analyst),
            Safeguard => matches!(self, Admin | SafeguardingLead),
            ManageUsers | PreviewSharedResults | SeeSmallNumbers | ReadUnredacted | DownloadAddresses | ReadAuditLog => {
                matches!(self, Admin)
            }
            SeeOwnSchools => matches!(self, SchoolContact),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_access_matrix() {
        // Columns: Admin, Commissioner, Analyst, Safeguarding lead, School contact, Viewer.
        let table: [(Permission, [bool; 6]); 13] = [
            (Permission::ViewEngagements, [true, true, true, true, false, true]),
            (Permission::EditEngagements, [true, true, false, false, false, false]),
            (Permission::SeeResults, [true, true, true, false, false, true]),
            (Permission::ExportResults, [true, true, true, false, false, false]),
            (Permission::ReviewThemes, [true, true, true, false, false, false]),
            (Permission::Safeguard, [true, false, false, true, false, false]),
            (Permission::ManageUsers, [true, false, false, false, false, false]),
            (Permission::PreviewSharedResults, [true, false, false, false, false, false]),
            (Permission::SeeSmallNumbers, [true, false, false, false, false, false]),
            (Permission::ReadUnredacted, [true, false, false, false, false, false]),
            (Permission::SeeOwnSchools, [false, false, false, false, true, false]),
            (Permission::DownloadAddresses, [true, false, false, false, false, false]),
            (Permission::ReadAuditLog, [true, false, false, false, false, false]),
        ];
        assert_eq!(table.map(|(p, _)| p), Permission::ALL);
        for (permission, allowed) in table {
            for (role, expected) in Role::ALL.into_iter().zip(allowed) {
                assert_eq!(role.can(permission), expected, "{role:?} {permission:?}");
            }
        }
    }
}

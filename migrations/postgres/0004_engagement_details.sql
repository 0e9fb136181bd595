-- What the public start pages say about who runs an engagement.
alter table engagements add column privacy_notice text not null default '';
-- who to contact about the engagement: a name, team, email address or phone number
alter table engagements add column contact text not null default '';

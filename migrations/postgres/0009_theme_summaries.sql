-- A theme set's counts and quote candidates, kept with the key they were computed for (when the
-- set last changed and how many answers it held), so theme pages need not recount every answer.
alter table theme_sets add column summary text;
alter table theme_sets add column summary_key text;
-- A theme's answers, best match first, a page at a time.
create index theme_answers_ranked on theme_answers (theme_set_id, theme_id, similarity);
-- The survey each placed answer came from (its respondent group), so counts by group read one table.
alter table theme_answers add column survey_id bigint not null default 0;
update theme_answers set survey_id = (select v.survey_id from responses r join survey_versions v on v.id = r.survey_version_id
                                      where r.id = theme_answers.response_id);
-- Written answers only, for counting them per question.
create index answers_text on answers (question_id, response_id) where text_value is not null;
-- The safeguarding queue and the staff home read flagged responses only.
create index responses_flagged on responses (id) where safeguarding_flag = 1;

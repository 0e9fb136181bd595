-- Each survey version's responses counted as they change, so that a page checks whether its figures
-- still hold by reading a few rows rather than counting the survey's responses: two counts over a
-- survey of 350,000 sent responses took 100 ms and more on every page. A trigger keeps them, so every
-- write to responses does, in the same transaction. A version's counts are spread over 16 rows (by
-- response id) so that respondents sending at once seldom wait on the same row.
create table response_counts (
    survey_version_id bigint not null,
    shard integer not null,
    -- Responses sent (submitted_at set), and the largest id among them.
    sent bigint not null default 0,
    latest bigint not null default 0,
    -- Responses neither withdrawn nor deleted.
    open bigint not null default 0,
    primary key (survey_version_id, shard)
);

insert into response_counts (survey_version_id, shard, sent, latest, open)
select survey_version_id, (id % 16)::integer,
       count(*) filter (where submitted_at is not null),
       coalesce(max(id) filter (where submitted_at is not null), 0),
       count(*) filter (where withdrawn_at is null and deleted_at is null)
from responses group by 1, 2;

create function count_responses() returns trigger language plpgsql as $$
declare
    old_sent integer := 0;
    old_open integer := 0;
    new_sent integer := 0;
    new_open integer := 0;
begin
    if tg_op <> 'INSERT' then
        old_sent := (old.submitted_at is not null)::integer;
        old_open := (old.withdrawn_at is null and old.deleted_at is null)::integer;
    end if;
    if tg_op <> 'DELETE' then
        new_sent := (new.submitted_at is not null)::integer;
        new_open := (new.withdrawn_at is null and new.deleted_at is null)::integer;
    end if;
    if tg_op = 'UPDATE' and old_sent = new_sent and old_open = new_open
       and old.survey_version_id = new.survey_version_id then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        update response_counts set sent = sent - old_sent, open = open - old_open
        where survey_version_id = old.survey_version_id and shard = old.id % 16;
        -- The latest sent response no longer sent: the next latest, read in a statement of its own
        -- once this row is held, so that it sees every response sent before.
        if old_sent = 1 and new_sent = 0 then
            update response_counts set latest = coalesce((
                select r.id from responses r
                where r.survey_version_id = old.survey_version_id and r.submitted_at is not null and r.id % 16 = old.id % 16
                order by r.id desc limit 1), 0)
            where survey_version_id = old.survey_version_id and shard = old.id % 16 and latest = old.id;
        end if;
    end if;
    if tg_op <> 'DELETE' then
        insert into response_counts (survey_version_id, shard, sent, latest, open)
        values (new.survey_version_id, new.id % 16, new_sent, case when new_sent = 1 then new.id else 0 end, new_open)
        on conflict (survey_version_id, shard) do update
        set sent = response_counts.sent + excluded.sent,
            latest = greatest(response_counts.latest, excluded.latest),
            open = response_counts.open + excluded.open;
    end if;
    return null;
end
$$;

create trigger responses_counted after insert or update or delete on responses
for each row execute function count_responses();

-- Busy public writes (starting a response, saving a page) are counted in slices of their window,
-- one row per kind, client and slice, with client '*' counting everyone: a write adds one to two
-- rows, however many come. Rows older than the longest window are deleted.
create table public_counts (
    kind text not null,
    client text not null,
    slice_ms bigint not null,
    n bigint not null,
    primary key (kind, client, slice_ms)
);
create index public_counts_age on public_counts (slice_ms);

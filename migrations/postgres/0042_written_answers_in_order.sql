-- SQLite reads the background step's next written answers from an index in (response, question)
-- order (its 0042). PostgreSQL already reads them from where the last batch ended in under a
-- millisecond, so it keeps no further index on answers to write.
select 1;

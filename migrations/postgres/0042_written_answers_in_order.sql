-- The background step reads the next written answers without vectors in (response, question)
-- order from where its last batch ended. SQLite read them from the index by question, sorting every
-- written answer after that point for each batch (see its 0042); PostgreSQL read them in under a
-- millisecond from the answers' own index, with a plan that can change with its statistics. Both
-- read them from this index, written for written answers only.
create index answers_written on answers (response_id, question_id) where text_value is not null;

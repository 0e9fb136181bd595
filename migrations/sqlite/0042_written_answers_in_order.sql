-- The background step reads the next written answers without vectors in (response, question)
-- order from where its last batch ended. From the index by question, SQLite read every written
-- answer after that point and sorted them for each batch of 64 (130 ms at 50,000 of 100,000
-- responses, and more the further back the batch), so vectors came at about 300 a second; from
-- this index it reads the next 64 in order (under a millisecond). PostgreSQL has it too.
create index answers_written on answers (response_id, question_id) where text_value is not null;

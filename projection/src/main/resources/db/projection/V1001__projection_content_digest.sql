-- The digest of the tables a generation was created with (Generations.digest): a service whose projection's
-- tables changed (an upgrade) builds a new generation at start instead of serving one it cannot read.
alter table projection_state add column content_digest text;

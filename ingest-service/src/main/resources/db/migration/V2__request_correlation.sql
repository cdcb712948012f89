-- The request each event came with (X-Request-Id, W3C traceparent), put on its Kafka record by the
-- relay. Null for events stored before this column existed.
alter table event_store add column request_id text, add column traceparent text;

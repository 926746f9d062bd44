-- Daily digests (issue: one summary a day per person instead of one mail per event). A notification for a person who
-- chose the digest is kept as a `digest_item` until the next digest hour; the relay then writes one `message` with all
-- of them and marks them delivered. An event row expanded twice adds no item twice.
CREATE UNIQUE INDEX workflow_outbox_digest_item_once ON workflow_outbox (source_id, recipient, channel) WHERE kind = 'digest_item';

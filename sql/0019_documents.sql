-- 0019 — dossier documents (issue 13): files attached to a dossier checklist item of a product. The bytes are stored
-- once per SHA-256 (`document_content`); each attachment (`document`) names the record, the checklist item, the file
-- name as uploaded, the media type detected from the content, the size and who uploaded it when. An attachment is
-- never deleted: removal sets removed_at/removed_by once. Each upload and removal is also a history row of the record
-- (events `attach_document` / `remove_document`, written by the document service in the same transaction).
CREATE TABLE document_content (
    sha256  text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size    bigint NOT NULL CHECK (size >= 0),
    content bytea NOT NULL,
    CHECK (octet_length(content) = size)
);

CREATE TABLE document (
    id          bigserial PRIMARY KEY,
    instance_id bigint NOT NULL REFERENCES workflow_instance (id),
    item        text NOT NULL CHECK (item ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    media_type  text NOT NULL,
    size        bigint NOT NULL CHECK (size >= 0),
    sha256      text NOT NULL REFERENCES document_content (sha256),
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL,
    removed_by  text,
    removed_at  timestamptz,
    CHECK ((removed_by IS NULL) = (removed_at IS NULL))
);
CREATE INDEX document_instance_item ON document (instance_id, item, id);

-- Attachments are kept: no DELETE, and an UPDATE may only record the removal, once.
CREATE FUNCTION document_keep() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL
        AND (NEW.id, NEW.instance_id, NEW.item, NEW.file_name, NEW.media_type, NEW.size, NEW.sha256, NEW.uploaded_by, NEW.uploaded_at)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.instance_id, OLD.item, OLD.file_name, OLD.media_type, OLD.size, OLD.sha256, OLD.uploaded_by, OLD.uploaded_at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'tài liệu chỉ được ghi thêm hoặc đánh dấu đã gỡ, không được sửa hoặc xóa (documents are kept: % refused)', TG_OP
        USING ERRCODE = 'OC001';
END
$$;
CREATE TRIGGER document_keep BEFORE UPDATE OR DELETE ON document FOR EACH ROW EXECUTE FUNCTION document_keep();
CREATE TRIGGER document_content_keep BEFORE UPDATE OR DELETE ON document_content
    FOR EACH ROW EXECUTE FUNCTION workflow_transition_append_only();

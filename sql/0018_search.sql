-- 0018 — search by name with or without diacritics and in any case (issue 13): products, ideas, producers (subjects)
-- and administrative units, matched on their names folded by `ocop_fold` (lower case, diacritics removed, đ → d) as
-- substrings or by trigram word similarity, through GIN trigram indexes. `unaccent` and `pg_trgm` are trusted contrib
-- extensions shipped with PostgreSQL.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- unaccent() is only STABLE (it reads a dictionary found through search_path); naming the dictionary and the function
-- by their schema makes the result depend on the text alone, so the wrapper may be IMMUTABLE and indexed.
CREATE FUNCTION ocop_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, replace(replace(value, 'Đ', 'D'), 'đ', 'd')))
$$;

CREATE INDEX ocop_product_name_search ON ocop_product USING gin (ocop_fold(name) gin_trgm_ops);
CREATE INDEX ocop_idea_name_search ON ocop_idea USING gin (ocop_fold(name) gin_trgm_ops);
CREATE INDEX ocop_subject_name_search ON ocop_subject USING gin (ocop_fold(name) gin_trgm_ops);
CREATE INDEX admin_unit_name_search ON admin_unit USING gin (ocop_fold(name) gin_trgm_ops);

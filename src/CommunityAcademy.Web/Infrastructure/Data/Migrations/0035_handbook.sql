-- 工作手册 (#26): handbooks, their chapters (a chapter may have sections: chapters with a parent), articles (Markdown) and
-- questions with answers, each article's versions (who changed what), the editors chosen per handbook, and the search
-- index: every paragraph of every article as its words (ChineseText.ForIndex, separated by spaces) — SQLite FTS5 over
-- the words, PostgreSQL to_tsvector('simple', words) with a GIN index. norm is the paragraph normalized (NFKC, lower
-- case, no white space) for phrase checks; text is the paragraph as shown.
CREATE TABLE handbooks (
    id {{pk}},
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);

CREATE TABLE handbook_editors (
    handbook_id BIGINT NOT NULL REFERENCES handbooks(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (handbook_id, user_id)
);

CREATE TABLE handbook_chapters (
    id {{pk}},
    handbook_id BIGINT NOT NULL REFERENCES handbooks(id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES handbook_chapters(id) ON DELETE CASCADE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL
);
CREATE INDEX ix_handbook_chapters ON handbook_chapters (handbook_id, parent_id, sort_order);

-- kind: article (title + Markdown body) or qa (the title is the question, the body the answer).
CREATE TABLE handbook_articles (
    id {{pk}},
    chapter_id BIGINT NOT NULL REFERENCES handbook_chapters(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'qa')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_handbook_articles ON handbook_articles (chapter_id, sort_order);

CREATE TABLE handbook_versions (
    article_id BIGINT NOT NULL REFERENCES handbook_articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    note TEXT,
    changed_at {{instant}} NOT NULL,
    changed_by BIGINT REFERENCES users(id),
    PRIMARY KEY (article_id, version)
);

CREATE TABLE handbook_paragraphs (
    id {{pk}},
    article_id BIGINT NOT NULL REFERENCES handbook_articles(id) ON DELETE CASCADE,
    handbook_id BIGINT NOT NULL,
    chapter_id BIGINT NOT NULL,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    norm TEXT NOT NULL,
    words TEXT NOT NULL
    {{postgres: , tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED}}
);
CREATE INDEX ix_handbook_paragraphs_article ON handbook_paragraphs (article_id, ord);
CREATE INDEX ix_handbook_paragraphs_chapter ON handbook_paragraphs (chapter_id);
{{postgres: CREATE INDEX ix_handbook_paragraphs_tsv ON handbook_paragraphs USING GIN (tsv);}}
{{sqlite:
CREATE VIRTUAL TABLE handbook_fts USING fts5(words, content='handbook_paragraphs', content_rowid='id');
CREATE TRIGGER handbook_paragraphs_ai AFTER INSERT ON handbook_paragraphs BEGIN
    INSERT INTO handbook_fts(rowid, words) VALUES (new.id, new.words);
END;
CREATE TRIGGER handbook_paragraphs_ad AFTER DELETE ON handbook_paragraphs BEGIN
    INSERT INTO handbook_fts(handbook_fts, rowid, words) VALUES ('delete', old.id, old.words);
END;
}}

-- The editor's autosave: what an editor typed and has not saved as a version yet (one per article and editor; a new
-- article's draft has article_id 0 and its chapter).
CREATE TABLE handbook_drafts (
    article_id BIGINT NOT NULL,
    chapter_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    saved_at {{instant}} NOT NULL,
    PRIMARY KEY (article_id, chapter_id, user_id)
);

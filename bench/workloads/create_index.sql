CREATE INDEX idx_bench ON idxsrc (v);

--
-- bytea values of every kind of byte in hex and escape output, with
-- length, concatenation, substring and comparison; escape-format input
-- with valid and invalid octal escapes
--
SET bytea_output = 'hex'; SELECT '\x'::bytea, length('\x'::bytea), '\x'::bytea || '\x01'::bytea, substring('\x'::bytea from 2 for 2), '\x'::bytea = '\x00'::bytea, '\x'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x00'::bytea, length('\x00'::bytea), '\x00'::bytea || '\x01'::bytea, substring('\x00'::bytea from 2 for 2), '\x00'::bytea = '\x00'::bytea, '\x00'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x7f80ff'::bytea, length('\x7f80ff'::bytea), '\x7f80ff'::bytea || '\x01'::bytea, substring('\x7f80ff'::bytea from 2 for 2), '\x7f80ff'::bytea = '\x00'::bytea, '\x7f80ff'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x5c'::bytea, length('\x5c'::bytea), '\x5c'::bytea || '\x01'::bytea, substring('\x5c'::bytea from 2 for 2), '\x5c'::bytea = '\x00'::bytea, '\x5c'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x27'::bytea, length('\x27'::bytea), '\x27'::bytea || '\x01'::bytea, substring('\x27'::bytea from 2 for 2), '\x27'::bytea = '\x00'::bytea, '\x27'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x0a0d09'::bytea, length('\x0a0d09'::bytea), '\x0a0d09'::bytea || '\x01'::bytea, substring('\x0a0d09'::bytea from 2 for 2), '\x0a0d09'::bytea = '\x00'::bytea, '\x0a0d09'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x616263'::bytea, length('\x616263'::bytea), '\x616263'::bytea || '\x01'::bytea, substring('\x616263'::bytea from 2 for 2), '\x616263'::bytea = '\x00'::bytea, '\x616263'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\xe697a5'::bytea, length('\xe697a5'::bytea), '\xe697a5'::bytea || '\x01'::bytea, substring('\xe697a5'::bytea from 2 for 2), '\xe697a5'::bytea = '\x00'::bytea, '\xe697a5'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT '\x00ff00ff'::bytea, length('\x00ff00ff'::bytea), '\x00ff00ff'::bytea || '\x01'::bytea, substring('\x00ff00ff'::bytea from 2 for 2), '\x00ff00ff'::bytea = '\x00'::bytea, '\x00ff00ff'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x'::bytea, length('\x'::bytea), '\x'::bytea || '\x01'::bytea, substring('\x'::bytea from 2 for 2), '\x'::bytea = '\x00'::bytea, '\x'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x00'::bytea, length('\x00'::bytea), '\x00'::bytea || '\x01'::bytea, substring('\x00'::bytea from 2 for 2), '\x00'::bytea = '\x00'::bytea, '\x00'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x7f80ff'::bytea, length('\x7f80ff'::bytea), '\x7f80ff'::bytea || '\x01'::bytea, substring('\x7f80ff'::bytea from 2 for 2), '\x7f80ff'::bytea = '\x00'::bytea, '\x7f80ff'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x5c'::bytea, length('\x5c'::bytea), '\x5c'::bytea || '\x01'::bytea, substring('\x5c'::bytea from 2 for 2), '\x5c'::bytea = '\x00'::bytea, '\x5c'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x27'::bytea, length('\x27'::bytea), '\x27'::bytea || '\x01'::bytea, substring('\x27'::bytea from 2 for 2), '\x27'::bytea = '\x00'::bytea, '\x27'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x0a0d09'::bytea, length('\x0a0d09'::bytea), '\x0a0d09'::bytea || '\x01'::bytea, substring('\x0a0d09'::bytea from 2 for 2), '\x0a0d09'::bytea = '\x00'::bytea, '\x0a0d09'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x616263'::bytea, length('\x616263'::bytea), '\x616263'::bytea || '\x01'::bytea, substring('\x616263'::bytea from 2 for 2), '\x616263'::bytea = '\x00'::bytea, '\x616263'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\xe697a5'::bytea, length('\xe697a5'::bytea), '\xe697a5'::bytea || '\x01'::bytea, substring('\xe697a5'::bytea from 2 for 2), '\xe697a5'::bytea = '\x00'::bytea, '\xe697a5'::bytea < '\x7f'::bytea;
SET bytea_output = 'escape'; SELECT '\x00ff00ff'::bytea, length('\x00ff00ff'::bytea), '\x00ff00ff'::bytea || '\x01'::bytea, substring('\x00ff00ff'::bytea from 2 for 2), '\x00ff00ff'::bytea = '\x00'::bytea, '\x00ff00ff'::bytea < '\x7f'::bytea;
SET bytea_output = 'hex'; SELECT 'abc'::bytea, length('abc'::bytea);
SET bytea_output = 'hex'; SELECT 'a\\b'::bytea, length('a\\b'::bytea);
SET bytea_output = 'hex'; SELECT '\000'::bytea, length('\000'::bytea);
SET bytea_output = 'hex'; SELECT '\101\102'::bytea, length('\101\102'::bytea);
SET bytea_output = 'hex'; SELECT 'x\\'::bytea, length('x\\'::bytea);
SET bytea_output = 'hex'; SELECT '\378'::bytea, length('\378'::bytea);
SET bytea_output = 'hex'; SELECT '\400'::bytea, length('\400'::bytea);
SET bytea_output = 'hex'; SELECT 'a\'::bytea, length('a\'::bytea);
SET bytea_output = 'hex'; SELECT 'é'::bytea, length('é'::bytea);
SET bytea_output = 'hex'; SELECT '\x4'::bytea, length('\x4'::bytea);
RESET bytea_output;

// The fake backends (the dev mock, the tests') announce their writes as the store announces its
// commits: any command but these reads writes.
const READ_ONLY = /^(list_|get_|search_|similar_|preview_|compare_|site_items|import_preview|import_choose_file|export_|team_status$|first_screen_shown$)/;

export const writes = (cmd: string): boolean => !cmd.startsWith("plugin:") && !READ_ONLY.test(cmd);

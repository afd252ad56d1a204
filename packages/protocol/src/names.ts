/** Helpers for process names shared by both sides. */

/** `group:name`; supervisord shows a lone process whose group has its name as just `name`. */
export function fullName(group: string, name: string): string {
  return `${group}:${name}`;
}

/** The name people see: `name` when the group is named after the process, else `group:name`. */
export function displayName(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

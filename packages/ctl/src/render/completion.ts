/** What the bash script needs to know about the command line, taken from the commander program. */
export type CompletionSpec = {
  verbs: string[];
  /** Verbs whose arguments are process names. */
  nameVerbs: string[];
  /** Global options that take a value (their value is not the verb). */
  valueOptions: string[];
};

/**
 * A bash completion script: verbs, then process names asked from the running graced through
 * the hidden `complete-names` command (with the same -s/-c options the user typed).
 */
export function bashCompletion(spec: CompletionSpec): string {
  return `# gracectl bash completion: eval "$(gracectl completion bash)"
_gracectl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} i verb="" globals=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${spec.valueOptions.join("|")}) globals+=("\${COMP_WORDS[i]}" "\${COMP_WORDS[i+1]}"); ((i++)) ;;
      -*) globals+=("\${COMP_WORDS[i]}") ;;
      *) verb=\${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $verb ]]; then
    COMPREPLY=($(compgen -W "${spec.verbs.join(" ")}" -- "$cur"))
    return
  fi
  case $verb in
    ${spec.nameVerbs.join("|")})
      COMPREPLY=($(compgen -W "$(\${COMP_WORDS[0]} "\${globals[@]}" complete-names 2>/dev/null)" -- "$cur")) ;;
  esac
}
# process names hold ':' (group:name); do not let bash split words there
COMP_WORDBREAKS=\${COMP_WORDBREAKS//:/}
complete -F _gracectl gracectl
`;
}

/** Every name form a user may type for these processes: name, group:name, group:*, all. */
export function completionNames(processes: readonly { name: string; group: string }[]): string[] {
  const names = new Set<string>(["all"]);
  for (const p of processes) {
    names.add(p.group === p.name ? p.name : `${p.group}:${p.name}`);
    if (p.group !== p.name) names.add(`${p.group}:*`);
  }
  return [...names];
}

# bash completion for mmctl: the words come from mmctl itself
# (mmctl --complete), which reads them from the ctl command table, and the
# PIDs from the machine at -m MOUNTPOINT or $MMSIM_MOUNT.
_mmctl() {
	local IFS=$'\n'
	if [[ ${COMP_WORDS[COMP_CWORD-1]} == -m ]]; then
		COMPREPLY=($(compgen -d -- "${COMP_WORDS[COMP_CWORD]}"))
		return
	fi
	COMPREPLY=($("${COMP_WORDS[0]}" --complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null))
}
complete -F _mmctl mmctl

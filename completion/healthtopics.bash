# SPDX-License-Identifier: MIT
# bash completion for healthtopics: commands, each command's options, the values of enumerated options, files.
_healthtopics()
{
	local cur prev cmd opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="train classify eval cv info explain vectorize corpus"
	local train_opts="--corpus --out --format --split --solver --C --tune --multiclass --multilabel --class-weight
		--ngrams --min-df --max-df --max-features --stop-words --no-sublinear --no-heading-context --list-context --gamma --degree
		--coef0 --folds --calibration-folds --threads --no-fork --none-gate --strict --help"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	case "$prev" in
	--format)
		case "$cmd" in
		classify) COMPREPLY=($(compgen -W "text tsv fasttext auto html markdown" -- "$cur")) ;;
		corpus) COMPREPLY=($(compgen -W "tsv fasttext" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "article tsv fasttext" -- "$cur")) ;;
		esac
		return ;;
	--split) COMPREPLY=($(compgen -W "train heldout all" -- "$cur")); return ;;
	--solver) COMPREPLY=($(compgen -W "linear rbf poly" -- "$cur")); return ;;
	--class-weight) COMPREPLY=($(compgen -W "auto balanced none" -- "$cur")); return ;;
	--model | --out | --corpus | -m | -o | -c)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	case "$cmd" in
	train) opts=$train_opts ;;
	cv) opts="$train_opts --json" ;;
	classify) opts="--model --article --format --pretty --text --threads --help" ;;
	eval) opts="--model --corpus --format --split --json --help" ;;
	info) opts="--help" ;;
	explain) opts="--model --label --top --heading --help" ;;
	vectorize) opts="--model --corpus --format --split --out --label --help" ;;
	corpus)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "lint stats export --help" -- "$cur"))
			return
		fi
		opts="--format --split --article-ids --markdown --help" ;;
	*) return ;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _healthtopics healthtopics

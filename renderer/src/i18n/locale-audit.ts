// Checks that every language is complete and that the UI only asks for keys that exist.
// Pure functions over plain objects and source text, so a test can feed them broken input.

type Tree = { [key: string]: unknown };

/** 'a.b.c' → string for every leaf; a leaf that is not a string is reported by its key. */
export function flattenStrings(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (tree === null || typeof tree !== 'object') return out;
  for (const [key, value] of Object.entries(tree as Tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flattenStrings(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.-]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!))].sort();
}

/** Characters that exist only in simplified Chinese; a zh-HK string containing one was not translated. */
const SIMPLIFIED_ONLY =
  '这们个时会为发号码请证设备务单办扫进录输删读认职预约评价动态网络连断开该点击页选择签确览区终启张关门问题没让说话应将经过还数据现实验书购买费报业员机构处复导无论与专东两丢严临举么义乐习乡乱争亏亚产亲亿仅从仓仪众优传伤华协卖卫厅历压县参双变听吗响团园围国图圆圣场坏块坚坛垫墙壮声头夹奋奖妇学孙宝审宪宫宽宾对寻寿尔层岁岛币师帐带帮广庆库废弯弹归当忆忧怀恋恶恼惊惨惯战执扩扬扰护担拟拥拦拨挥损换摄摆敌显晓暂术杀杂权条来杨极枪样档检楼标树桥欢欧残毁毕气汇汉汤沟泽洁测济浓涨湾湿满滤灭灯灵烧热爱牵状独猎环电画畅疗盖盘础碍礼祸离种积称税稳穷竞笔简筹类粮紧纠红级纪纯纲纳纵纷纸纹线练组细织结绕给绝统继绩续维绿缓编缘缩罗罚联聪肃肤胁脑脚脸节艺药获营萨蓝虑补装见观规视觉触计订训议讯记讲许访识诉词译试诗诚询详语误课谁调谈谊谓谢谨贝负贡财责贤败账货质贩贫贯贴贵贷贸资赏赔赖赚赛赞赢趋跃践车轨转轮软轻载较辅辆辈辞辩边达迁迈远违迟递遗邮邻释钟钢钱铁银链销锁错键镇长闭闲间闻阅阳阴阵际陆陈险随隐难雾顶项顺须顾顿领频颜额风飞饭饮馆马驾驶鱼鸟鸡齐龄龙写';

const CYRILLIC = /[\u0400-\u04FF]/;
const ARABIC = /[\u0600-\u06FF]/;
const LATIN = /[A-Za-z]/;

/** Script slips that the key comparison cannot see: a simplified character in zh-HK, a Latin or Cyrillic letter inside a Uyghur word. */
export function scriptProblems(language: string, text: string): string[] {
  if (language === 'zh-HK') {
    const simplified = [...new Set([...text].filter((ch) => SIMPLIFIED_ONLY.includes(ch)))];
    return simplified.length ? [`simplified characters ${simplified.join('')}`] : [];
  }
  if (language === 'ug') {
    const words = text.replace(/\{\{[^}]*\}\}/g, ' ').split(/[\s\u00A0،؛؟]+/);
    const mixed = words.filter((w) => ARABIC.test(w) && (LATIN.test(w) || CYRILLIC.test(w)));
    return [...(CYRILLIC.test(text) ? ['Cyrillic letters'] : []), ...mixed.map((w) => `mixed-script word "${w}"`)];
  }
  return [];
}

/**
 * Every key present in any language must be a non-empty string in every language, with the same
 * {{placeholders}} as the reference language.
 */
export function findBundleProblems(bundles: Record<string, unknown>, reference: string): string[] {
  const flat = Object.fromEntries(Object.entries(bundles).map(([lng, tree]) => [lng, flattenStrings(tree)]));
  const allKeys = [...new Set(Object.values(flat).flatMap((m) => [...m.keys()]))].sort();
  const problems: string[] = [];
  for (const key of allKeys) {
    const referenceText = flat[reference]?.get(key);
    for (const [lng, strings] of Object.entries(flat)) {
      const text = strings.get(key);
      if (text === undefined) problems.push(`${lng}: missing ${key}`);
      else if (typeof text !== 'string') problems.push(`${lng}: ${key} is not a string`);
      else if (text.trim() === '') problems.push(`${lng}: ${key} is empty`);
      else {
        if (typeof referenceText === 'string' && placeholdersOf(text).join() !== placeholdersOf(referenceText).join()) {
          problems.push(
            `${lng}: ${key} has {{${placeholdersOf(text).join('}}, {{')}}} but ${reference} has {{${placeholdersOf(referenceText).join('}}, {{')}}}`,
          );
        }
        for (const slip of scriptProblems(lng, text)) problems.push(`${lng}: ${key} has ${slip}`);
      }
    }
  }
  return problems;
}

const PLURAL_SUFFIXES = ['_zero', '_one', '_two', '_few', '_many', '_other'];

/**
 * Keys the sources ask for: literal keys given to t(…) or i18nKey. A key built at run time from a
 * template literal must start with an allowed prefix that names a group of strings.
 */
export function findUnknownKeys(sources: Record<string, string>, reference: unknown, dynamicPrefixes: readonly string[]): string[] {
  const strings = flattenStrings(reference);
  const groups = new Set(
    [...strings.keys()].flatMap((k) =>
      k
        .split('.')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('.') + '.'),
    ),
  );
  const exists = (key: string) => strings.has(key) || PLURAL_SUFFIXES.some((s) => strings.has(key + s));
  const problems: string[] = [];
  for (const [file, text] of Object.entries(sources)) {
    for (const m of text.matchAll(/(?<![\w$])t\(\s*(['"`])([^'"`$\\]+)\1|i18nKey=\{?\s*(['"])([^'"]+)\3/g)) {
      const key = m[2] ?? m[4]!;
      if (!exists(key)) problems.push(`${file}: unknown key ${key}`);
    }
    for (const m of text.matchAll(/(?<![\w$])t\(\s*`([^`$]*)\$\{/g)) {
      const prefix = m[1]!;
      if (!dynamicPrefixes.includes(prefix)) problems.push(`${file}: key built at run time from "${prefix}" is not on the allow-list`);
      else if (!groups.has(prefix)) problems.push(`${file}: allowed prefix "${prefix}" names no group of strings`);
    }
  }
  return problems;
}

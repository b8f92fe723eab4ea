// The reference locale: every other locale must have exactly these keys (checked by the type below).
const zhCN = {
  app: {
    title: '政务服务自助终端',
    roleTitle: { kiosk: '政务服务自助终端', counter: '窗口服务终端', display: '叫号信息', 'proxy-point': '村级代办服务点' },
    hallLabel: '服务大厅',
    terminalLabel: '终端',
    loading: '正在启动，请稍候…',
    hostUnavailable: '终端服务暂时无法连接，正在重试…',
    missingToken: '缺少会话令牌。请使用终端启动时打印的完整地址打开本页。',
  },
  language: {
    switchTo: '切换语言',
    name: '简体中文',
  },
  tiles: {
    guide: { title: '查询一单', subtitle: '办事指南：材料、流程、时限' },
    apply: { title: '申办一袋', subtitle: '一次提交全部材料' },
    track: { title: '全程一码', subtitle: '扫码或输入查询办件进度' },
    ticket: { title: '取号', subtitle: '窗口办理排队取号' },
    appointment: { title: '预约签到', subtitle: '已预约的请在此签到' },
    evaluate: { title: '评价', subtitle: '对本次服务作出评价' },
  },
  service: {
    notYetHere: '本终端暂未开通此项服务，请到窗口咨询办理。',
    back: '返回首页',
  },
  devices: {
    heading: '设备',
    kind: {
      'idcard-reader': '身份证阅读器',
      scanner: '扫码器',
      printer: '打印机',
      'led-screen': '窗口屏',
      evaluator: '评价器',
      camera: '高拍仪',
    },
    state: {
      connecting: '连接中',
      connected: '正常',
      busy: '工作中',
      fault: '故障',
      disconnected: '未连接',
    },
    simulated: '模拟',
  },
  idcard: {
    heading: '已读取的证件',
    type: {
      resident: '居民身份证',
      'gat-residence-permit': '港澳台居民居住证',
      'foreign-permanent-old': '外国人永久居留证',
      'foreign-permanent-2023': '外国人永久居留身份证',
    },
    checkFailed: '证件号码校验未通过，请到窗口人工核验',
    expired: '证件已过有效期',
    takeCard: '请取回您的证件',
    endSession: '结束办理',
  },
  simulators: {
    heading: '模拟设备',
    card: '模拟证件',
    cards: {
      resident: '居民身份证（示例）',
      gat: '港澳台居民居住证（示例）',
      'foreign-old': '旧版外国人永久居留证（示例）',
      'foreign-2023': '2023版外国人永久居留身份证（示例）',
      'invalid-check': '校验位错误的证件（示例）',
      elder: '82岁老人的身份证（示例）',
    },
    placeCard: '放置证件',
    removeCard: '取走证件',
    code: '条码内容',
    scan: '扫码',
    paperOut: '缺纸',
    coverOpen: '打开纸仓盖',
    recover: '恢复正常',
    testPrint: '打印测试小票',
    testHall: '示例政务服务大厅',
    testService: '社保业务',
    printed: '已打印',
    refused: '打印被拒绝',
    done: '已执行',
  },
  scanning: {
    received: '已扫描：',
  },
  sync: {
    heading: '网络',
    connectivity: { online: '在线', degraded: '网络不稳定', offline: '离线' },
    pending: '待同步 {{count}} 条',
    lastSync: '最近同步 {{time}}',
    never: '尚未同步',
    hostLink: '终端服务已断开',
  },
};

export default zhCN;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
/** Every locale has the reference locale's keys, with its own strings. */
export type LocaleMessages = Shape<typeof zhCN>;

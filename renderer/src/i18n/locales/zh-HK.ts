import type { LocaleMessages } from './zh-CN.js';

// Traditional characters with Hong Kong usage (身份證, 列印, 櫃位, 資料), not a character conversion.
const zhHK: LocaleMessages = {
  app: {
    title: '政府服務自助終端機',
    roleTitle: { kiosk: '政府服務自助終端機', counter: '窗口服務終端', display: '叫號資訊', 'proxy-point': '村級代辦服務點' },
    hallLabel: '服務大堂',
    terminalLabel: '終端機',
    loading: '正在啟動，請稍候…',
    hostUnavailable: '暫時未能連接終端機服務，正在重試…',
    missingToken: '缺少工作階段憑證。請使用終端機啟動時列印的完整網址開啟本頁。',
  },
  language: {
    switchTo: '切換語言',
    name: '繁體中文',
  },
  tiles: {
    guide: { title: '查詢一單', subtitle: '辦事指南：所需文件、程序、時限' },
    apply: { title: '申辦一袋', subtitle: '一次過提交全部文件' },
    track: { title: '全程一碼', subtitle: '掃碼或輸入編號查詢申請進度' },
    ticket: { title: '取籌', subtitle: '櫃位辦理輪候取籌' },
    appointment: { title: '預約登記', subtitle: '已預約人士請在此登記' },
    evaluate: { title: '評價', subtitle: '為今次服務評分' },
  },
  service: {
    notYetHere: '本終端機暫未提供此項服務，請到櫃位查詢辦理。',
    back: '返回主頁',
  },
  devices: {
    heading: '裝置',
    kind: {
      'idcard-reader': '身份證閱讀器',
      scanner: '掃描器',
      printer: '打印機',
      'led-screen': '櫃位顯示屏',
      evaluator: '評價器',
      camera: '高拍儀',
    },
    state: {
      connecting: '連接中',
      connected: '正常',
      busy: '運作中',
      fault: '故障',
      disconnected: '未連接',
    },
    simulated: '模擬',
  },
  idcard: {
    heading: '已讀取的證件',
    type: {
      resident: '居民身份證',
      'gat-residence-permit': '港澳台居民居住證',
      'foreign-permanent-old': '外國人永久居留證',
      'foreign-permanent-2023': '外國人永久居留身份證',
    },
    checkFailed: '證件號碼核對未能通過，請到櫃位由職員核實',
    expired: '證件已過有效期',
    takeCard: '請取回您的證件',
    endSession: '結束辦理',
  },
  simulators: {
    heading: '模擬裝置',
    card: '模擬證件',
    cards: {
      resident: '居民身份證（範例）',
      gat: '港澳台居民居住證（範例）',
      'foreign-old': '舊版外國人永久居留證（範例）',
      'foreign-2023': '2023 年版外國人永久居留身份證（範例）',
      'invalid-check': '校驗碼錯誤的證件（範例）',
      elder: '82 歲長者的身份證（範例）',
    },
    placeCard: '放入證件',
    removeCard: '取走證件',
    code: '條碼內容',
    scan: '掃描',
    paperOut: '缺紙',
    coverOpen: '打開紙倉蓋',
    recover: '回復正常',
    testPrint: '列印測試收據',
    testHall: '示範政府服務大堂',
    testService: '社保服務',
    printed: '已列印',
    refused: '列印被拒絕',
    done: '已執行',
  },
  scanning: {
    received: '已掃描：',
  },
  sync: {
    heading: '網絡',
    connectivity: { online: '在線', degraded: '網絡不穩定', offline: '離線' },
    pending: '待同步 {{count}} 項',
    lastSync: '最近同步 {{time}}',
    never: '尚未同步',
    hostLink: '終端機服務已中斷',
  },
};

export default zhHK;

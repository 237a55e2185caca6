"""Variant kanji (異体字 and 旧字体) folded to one form for search, as people type place names either way.

Each pair maps the variant to the form most people type (the 常用 / 新字体 form). The list holds the variants
that occur in Japanese place and organisation names: those of the reference data (檜原村, 鰺ヶ沢町, 龍ケ崎市,
塩竈市, 五條市, 嶋, 舘 …), the common 旧字体 of names written the old way (澤, 濱, 邊, 齋藤 …), and the
compatibility ideographs that NFKC does not touch in every version (﨑, 髙 …). Folding only ever makes two
spellings of one name equal; it never changes what is shown.
"""

_PAIRS = """
亞亜 惡悪 壓圧 圍囲 醫医 爲為 壹壱 隱隠 榮栄 營営 衞衛 驛駅 圓円 鹽塩 應応 歐欧 櫻桜 假仮 價価 畫画 會会
壞壊 懷懐 繪絵 擴拡 覺覚 學学 嶽岳 樂楽 卷巻 歡歓 觀観 關関 巖巌 顏顔 歸帰 氣気 龜亀 僞偽 戲戯 舊旧 據拠
擧挙 峽峡 狹狭 曉暁 區区 驅駆 勳勲 徑径 惠恵 溪渓 經経 繼継 莖茎 螢蛍 輕軽 鷄鶏 藝芸 缺欠 儉倹 劍剣 圈圏
檢検 權権 獻献 縣県 險険 顯顕 驗験 嚴厳 效効 廣広 恆恒 鑛鉱 號号 國国 濟済 碎砕 齋斎 劑剤 雜雑 參参 棧桟
蠶蚕 贊賛 殘残 絲糸 齒歯 兒児 辭辞 濕湿 實実 舍舎 寫写 釋釈 壽寿 收収 從従 澁渋 獸獣 縱縦 肅粛 處処 緖緒
敍叙 將将 燒焼 稱称 證証 乘乗 剩剰 壤壌 孃嬢 條条 淨浄 疊畳 讓譲 釀醸 囑嘱 觸触 寢寝 愼慎 眞真 盡尽 圖図
粹粋 醉酔 隨随 髓髄 數数 樞枢 聲声 靜静 齊斉 攝摂 專専 戰戦 淺浅 潛潜 纖繊 踐践 錢銭 禪禅 雙双 壯壮 搜捜
插挿 巢巣 爭争 總総 聰聡 莊荘 裝装 騷騒 增増 藏蔵 臟臓 卽即 屬属 續続 墮堕 對対 體体 帶帯 滯滞 臺台 瀧滝
擇択 澤沢 單単 擔担 膽胆 團団 彈弾 斷断 遲遅 晝昼 蟲虫 鑄鋳 廳庁 聽聴 鎭鎮 遞逓 鐵鉄 轉転 點点 傳伝 黨党
盜盗 燈灯 當当 鬪闘 德徳 獨独 讀読 屆届 繩縄 貳弐 腦脳 霸覇 廢廃 拜拝 賣売 麥麦 發発 髮髪 拔抜 蠻蛮 祕秘
濱浜 濵浜 甁瓶 拂払 佛仏 倂併 竝並 變変 邊辺 邉辺 辯弁 瓣弁 辨弁 穗穂 寶宝 豐豊 沒没 萬万 滿満 默黙 譯訳
藥薬 與与 豫予 餘余 譽誉 搖揺 樣様 謠謡 來来 賴頼 亂乱 覽覧 龍竜 兩両 獵猟 綠緑 壘塁 淚涙 勵励 禮礼 隸隷
靈霊 齡齢 戀恋 爐炉 勞労 樓楼 祿禄 錄録 灣湾 檜桧 鰺鯵 﨑崎 嵜崎 碕崎 髙高 竈釜 嶋島 嶌島 冨富 舘館 栁柳
槇槙 曾曽 塚塚 琢琢 德徳 淸清 彌弥 穰穣 桒桑 邨村 峯峰 嶺嶺 籠篭 藪薮 谿渓 鉅巨 廐厩 冩写 埜野 莵菟 舩船
"""

VARIANTS: dict[str, str] = {}
for _pair in _PAIRS.split():
    _variant, _common = _pair[0], _pair[1]
    if _variant != _common:
        VARIANTS[_variant] = _common

"""The catalogue of messages shown to editors, in Japanese, by code.

Every message an editor can see lives here, so that `docs/editing.md` can list them and a
reviewer can read them all in one place. Each entry is (message, hint).
"""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    # Reading files
    "E001": (
        "ファイルが UTF-8 で保存されていません{guess}。",
        "エディタで「文字コード: UTF-8」を選んで保存し直してください。",
    ),
    "E002": (
        "ファイルを読み込めません: {detail}",
        "ファイルの場所と読み取り権限を確認してください。",
    ),
    # issue 15: invisible control characters (NUL and the like) in a text file
    "E003": (
        "目に見えない制御文字({character})が入っています。",
        "この位置の文字を削除してください(ほかのアプリから貼り付けたときに紛れ込むことがあります)。",
    ),
    # issue 30: names some of the association's computers cannot hold (sitegen/source/names.py)
    "E005": (
        "名前「{name}」は Windows のパソコンでは使えません(CON・PRN・AUX・NUL・COM1〜COM9・LPT1〜LPT9 は、拡張子を付けても使えない名前です)。",
        "別の名前(例: {suggestion})に変えてください。この名前のままでは、Windows のパソコンでサイトを書き出せず、同期もできません。",
    ),
    "E006": (
        "名前「{name}」に、Windows のパソコンで使えない文字({what})が入っています。",
        "その文字を消すか、- や _ に置き換えてください。Windows でも Mac でも使える名前にすると、同期や公開で困りません。",
    ),
    "E007": (
        "名前「{name}」は「{other}」と大文字・小文字だけが違います。",
        "Windows・Mac や多くのサーバーでは同じ名前として扱われ、一方がもう一方を上書きします。どちらかの名前を変えるか、1 つにまとめてください(小文字にそろえると確実です)。",
    ),
    # E030-E039: the browser editor's names of new and renamed files.
    "E030": (
        "「{name}」は、編集画面では作れない場所の名前です。",
        "content/ の中のファイル名を、フォルダを含めずに(例: about)書いてください。「..」や「/」で始まる名前は使えません。",
    ),
    "E031": (
        "「{name}」はすでにあります。",
        "別の名前にしてください(例: 名前の最後に -2 を付ける)。",
    ),
    "E032": (
        "「{name}」はページのファイル名になりません。",
        "英数字と - で短く書いてください(例: about)。最後の .md はなくてもかまいません。",
    ),
    # issue 30: conflict copies that sync tools leave in a shared folder
    "W001": (
        "「{name}」は「{original}」の競合コピー({tool} が作る名前)のため、サイトに入れませんでした。",
        "2 台の PC で同時に変更されると、同期の道具が両方を残します。2 つを見比べて残す内容を「{original}」にまとめ、"
        "コピーを削除してください(同僚の変更が入っているかもしれません)。コピーがある間は公開(deploy)できません。",
    ),
    "E008": (
        "競合コピー「{name}」が残っているため、公開しませんでした(元のファイル: {original})。",
        "2 つを見比べて残す内容を「{original}」にまとめ、コピーを削除してから、もう一度公開してください。"
        "一方に同僚の変更が入っているかもしれないため、どちらかを確かめずに公開することはしません。",
    ),
    # YAML
    "E101": (
        "YAML の書き方に誤りがあります: {detail}",
        "この行とその直前の行の字下げ・コロン(:)・引用符を確かめてください。",
    ),
    "E102": (
        "項目名「{key}」が 2 回書かれています(最初は {first} 行目)。",
        "どちらか一方を消してください。YAML では後の値だけが黙って使われてしまいます。",
    ),
    "E103": (
        "字下げにタブ文字が使われています。",
        "タブを半角スペースに置き換えてください(字下げは半角スペース 2 つが基本です)。",
    ),
    "E104": (
        "字下げに全角スペースが使われています。",
        "行頭の全角スペースを半角スペースに置き換えてください。",
    ),
    "E105": (
        "項目名の後ろのコロンが全角「：」になっています。",
        "「{key}：」を半角の「{key}:」に直し、コロンの後ろに半角スペースを 1 つ入れてください。",
    ),
    "E106": (
        "値が全角の引用符(“ ” や ‘ ’)で囲まれています。",
        '引用符が必要なときは半角の " " で囲んでください。全角の引用符は文字の一部として表示されてしまいます。',
    ),
    "E107": (
        "引用符が閉じられていません。",
        "値の最後にも同じ引用符(\" または ')を付けてください。",
    ),
    "E110": (
        "先頭の設定ブロック(--- で始まる部分)が --- で閉じられていません。",
        "設定ブロックの最後に、--- だけの行を入れてください。",
    ),
    # issue 15 (YAML at its real place): a key without its colon, or without the space after it
    "E108": (
        "項目名「{key}」の後ろにコロン(:)がありません。",
        "「{key}: {value}」のように、項目名の後ろに半角コロンと半角スペースを入れてください。",
    ),
    "E109": (
        "項目名「{key}」のコロン(:)の後ろに半角スペースがありません。",
        "「{key}: {value}」のように、コロンの後ろに半角スペースを 1 つ入れてください。",
    ),
    # The site's models (models/): developers' files that say what content files hold
    "E120": (
        "モデルの書き方に誤りがあります: {detail}",
        "models/ のファイルの書き方は README の「サイトのモデル」を見てください。",
    ),
    "E121": (
        "モデルの項目「{field}」の型「{kind}」はありません。",
        "使える型: {kinds}",
    ),
    "E122": (
        "モデルの規則「{rule}」はありません。",
        "使える規則: {rules}",
    ),
    "E123": (
        "モデルの規則が、モデルにない項目「{field}」を指しています。",
        "fields: にある項目名を書いてください。",
    ),
    "E124": (
        "データファイル「{file}」がありません。",
        "サイトの「{purpose}」に使われるファイルです({model} で定められています)。ファイルを元に戻してください。",
    ),
    "E111": (
        "{what}は「項目名: 値」の形で書いてください。",
        "各行を「title: ページ名」のように、項目名・半角コロン・半角スペース・値の順で書きます。",
    ),
    # Schema
    "E201": ("必須の項目「{field}」がありません。", "「{field}: …」の行を追加してください。"),
    "E202": (
        "「{field}」には{expected}を書いてください(いまは {actual})。",
        "{fix}",
    ),
    "E203": ("「{field}」という項目は使えません。{suggestion}", "使える項目: {allowed}"),
    "E204": ("「{field}」が空です。", "値を書くか、不要なら行ごと削除してください。"),
    "E125": (
        "セクション「{name}」のファイルがありません(content/sections/{name}.md か content/sections/{name}/)。",
        "ページの「{purpose}」に使われる部分です({model} で定められています)。ファイルを元に戻してください。",
    ),
    "E205": (
        "「{field}」の画像「{value}」が assets/ にありません。",
        "ファイル名の綴り(大文字・小文字も)を確かめるか、assets/ に画像を置いてください。",
    ),
    # issue 15: a full-width character where a value must be written in half width
    "E206": (
        "「{field}」の値「{value}」の {position} 文字目が{what}「{char}」です。",
        "半角の「{ascii}」に直してください(日本語入力をオフにして入力します)。",
    ),
    # Content rules
    "E301": (
        "合計が合いません: 書かれた合計({total})は {stated}、{items} の合計は {computed} です。",
        "各項目の金額か「{total}」の値を直してください。{total} を消すと自動で計算されます。",
    ),
    "E302": (
        "電話番号「{number}」は日本の電話番号として正しくありません。",
        "市外局番から、ハイフン区切りで書いてください(例: 03-1234-5678、0120-123-456)。",
    ),
    "E303": (
        "時刻「{value}」の書き方が正しくありません。",
        '「"10:00"」のように 24 時間表記で、引用符で囲んで書いてください。',
    ),
    "E304": (
        "金額「{value}」は円単位の整数で書いてください。",
        "例: 1億7,200万円なら 172000000(カンマや「万」「円」は付けません)。",
    ),
    "E305": (
        "ページ「{url}」が 2 つのファイルから作られています(もう一方: {other})。",
        "どちらかのファイル名を変えてください。",
    ),
    "E306": (
        "サイト設定「{field}」の値「{value}」が正しくありません。",
        "{fix}",
    ),
    "E307": (
        "必須の文言「{name}」がページ「{url}」にありません。",
        "サイト設定(content/site.yml)の required_texts にある文言は全ページに必要です。",
    ),
    # Warnings: the site is built, but an editor should look.
    "W301": (
        "{label}の数値 {value} は、まだ出典で確認されていません({flag}: false)。",
        "出典の数値と照らし合わせ、正しければ {flag}: true にしてください。",
    ),
    "W302": (
        "セクション「{name}」はどのテンプレートにも使われていません(models/sections/{name}.yml がありません)。",
        "ファイル名の綴りを確かめてください。新しい欄を作るときは開発担当者に相談してください。",
    ),
    # issue 15: addresses that are not encrypted
    "W303": (
        "アドレス「{url}」は http:// で始まっています(暗号化されない接続です)。",
        "相手のサイトが https に対応していれば、https:// に書き換えてください。",
    ),
    # Templates and assets
    "E401": (
        "テンプレート「{name}」が見つかりません。",
        "templates/ にあるファイル名を指定してください: {available}",
    ),
    "E402": ("テンプレートに誤りがあります: {detail}", "開発担当者に連絡してください。"),
    "E403": (
        "ファイル「{name}」が assets/ にありません。",
        "ファイル名の綴りを確かめるか、assets/ にファイルを置いてください。",
    ),
    # issue 15: what a template needs and the content lacks, named at the content
    "E404": (
        "{file} に項目「{name}」がありません(サイトの部品 {template} がこの項目を使います)。",
        "「{name}: …」の行を書き足してください。何を書くか分からないときは開発担当者に相談してください。",
    ),
    "E405": (
        "データファイル「{file}」がありません。",
        "サイトの部品 {template} に使われるファイルです。ファイルを元に戻してください。",
    ),
    "E406": (
        "セクション「{name}」のファイルがありません(content/sections/{name}.md か content/sections/{name}/)。",
        "サイトの部品 {template} に使われる部分です。ファイルを元に戻してください。",
    ),
    "E407": (
        "「{value}」は{expected}として使われる値ですが、{expected}として読めません(サイトの部品 {template} が使います)。",
        "{fix}",
    ),
    # Raw HTML and addresses in pages
    "E501": (
        "ページの中で <{tag}> タグは使えません。",
        "Markdown の書き方(見出しは #、太字は **…**、リンクは [文字](アドレス))で書き直してください。",
    ),
    "E502": (
        "ページの中に <{tag}> タグがあります。安全のため、スクリプトや埋め込みは使えません。",
        "このタグを削除してください。動画や地図の埋め込みが必要なときは開発担当者に相談してください。",
    ),
    "E503": (
        "HTML の属性「{attribute}」は使えません(スクリプトを動かす属性です)。",
        "この属性を削除してください。",
    ),
    "E504": (
        "アドレス「{url}」は使えません。",
        "リンク先は https:// で始まるアドレスか、サイト内のページ(例: /about/)にしてください。",
    ),
    "E505": (
        "HTML の書き方に誤りがあり、ページの構造が崩れます({detail})。",
        "開始タグと終了タグ(例: <div> と </div>)が正しく対応しているか確かめてください。",
    ),
    # Markdown habits from GitHub and Qiita that this site cannot show as written (issue 19)
    "W521": (
        "見出しの # の後ろに半角スペースがないため、見出しにならず、文字のまま表示されます(GitHub と同じです)。",
        "見出しにするときは「# 見出し」のように # の後ろに半角スペースを入れてください。# を文字として表示するときは「\\#」と書くと、この注意は出なくなります。",
    ),
    "W522": (
        "この項目は字下げが足りないため、前の項目の中に入らず、別の並びとして表示されます(GitHub と同じです)。",
        "前の項目の中に入れるときは、行頭から半角スペース {spaces} 個で字下げしてください(「- 」の下は 2 個、「1. 」の下は 3 個)。そうでなければ字下げを消してください。",
    ),
    # issue 15: an HTML comment left open hides the rest of the page
    "E506": (
        "「<!--」で始まるコメントが「-->」で閉じられていません。このままでは、ここから後ろがすべて表示されません。",
        "コメントの終わりに「-->」を書くか、「<!--」を削除してください。",
    ),
    # Links in the built pages
    # issue 30: Markdown that would crash or stall the converter (sitegen/markdown/limits.py)
    "E507": (
        "引用の「>」が {depth} 重に重なっています(扱えるのは {limit} 重まで)。",
        "行頭の「>」を減らしてください。ほかの文書から貼り付けると、引用の印が重なることがあります。",
    ),
    "E508": (
        "箇条書きが {limit} 段より深く入れ子になっています。",
        "行頭の字下げを減らして、入れ子を浅くしてください。ほかの文書から貼り付けると、字下げが重なることがあります。",
    ),
    "E509": (
        "記号「{mark}」が 1 行に {count:,} 個あります(扱えるのは {limit} 個まで)。",
        "不要な記号を消してください。記号そのものを表示するときは、前に \\ を付けて「\\{mark}」と書きます。",
    ),
    "E510": (
        "1 ページの{what}が {limit:,} 個を超えています。",
        "ページを分けてください(1 ページの{what}は {limit:,} 個までです)。",
    ),
    "E511": (
        "閉じていない「[」が 1 行に {count:,} 個あり、この長い行({length:,} 文字)を読み切れません。",
        "リンクは [文字](アドレス) のように「]」で閉じてください。記号そのものを表示するときは、前に \\ を付けて「\\[」と書きます。長い行は途中で改行してもかまいません。",
    ),
    "E601": (
        "リンク先のページ「{url}」がありません。",
        "リンク先のアドレスを確かめてください。サイト内のページは content/ にある .md ファイルから作られます。",
    ),
    "E602": (
        "リンク先「{url}」のページに、見出しなどの目印「#{anchor}」がありません。",
        "# の後ろを、リンク先の見出しの id に合わせてください。",
    ),
    "E603": (
        "外部へのリンク「{url}」のアドレスの形が正しくありません。",
        "https://example.jp/ のように、https:// から始まる完全なアドレスを書いてください。",
    ),
    "E604": (
        "外部へのリンク「{url}」を開けませんでした({detail})。",
        "アドレスが正しいか、ブラウザで開いて確かめてください。",
    ),
    "E605": (
        "サイト設定 required_texts の「{name}」はサイト設定にない項目です。",
        "required_texts には approval_number や disclaimer など、サイト設定にある項目名を書いてください。",
    ),
    # Pages that grow (issue 14): links written as files, menu, dates, news, drafts, aliases
    "E606": (
        "リンク先のファイル {file} がありません。",
        "ファイル名の綴りと、このページから見た場所(../ で 1 つ上のフォルダ)を確かめてください。",
    ),
    "E607": (
        "公開するページから、下書きか公開前のページ「{url}」にリンクしています。",
        "リンク先を公開する(draft: を消す、ファイル名の先頭の _ を外す、date: を今日以前にする)か、リンクを消してください。",
    ),
    "E608": (
        "古いアドレス「{alias}」は、/ で始まるサイト内のアドレスで書いてください。",
        "例: /old-page/(https:// から始まるアドレスや空白は使えません)。",
    ),
    "E609": (
        "古いアドレス「{alias}」は、すでにページ「{url}」のアドレスです。",
        "いま使われているアドレスは aliases: に書けません。別のアドレスにするか、この行を消してください。",
    ),
    "E610": (
        "日付「{value}」は 1 年以上先です(今日は {today})。",
        "年の書き間違いではありませんか(例: 2206 → 2026)。予約公開は 1 年先までです。",
    ),
    "E611": (
        "お知らせの一覧に載るページには、日付(date:)が必要です。",
        '先頭の設定ブロックに「date: "2026-11-27"」のように公開日を書いてください。',
    ),
    "E612": (
        "updated: の日付「{updated}」が、公開日 date: の「{date}」より前です。",
        "更新日は公開日と同じか、それより後の日付にしてください。",
    ),
    "W601": (
        "ページ「{url}」は、どこからもリンクされていません。",
        "content/site.yml の menu: に加えるか、ほかのページから [題名](ファイル名.md) でリンクしてください。",
    ),
    # Publishing (python build.py deploy)
    "E701": (
        "公開の設定ファイル {name} がありません。",
        "deploy.example.yml をコピーして deploy.yml を作り、サーバーの情報を書いてください(README の「公開の設定」)。",
    ),
    "E702": (
        "{host} のパスワードが見つかりません。",
        "環境変数 {variable} に設定するか、~/.netrc に書いてください。パスワードは deploy.yml にもリポジトリにも書かないでください。",
    ),
    "E703": (
        "protocol: ftp は暗号化されない通信です。公開しませんでした。",
        "パスワードとファイルが盗み見られるおそれがあります。ftps か sftp を使ってください。どうしても ftp で送るときだけ --insecure を付けて実行します。",
    ),
    "E704": (
        "protocol の「{value}」は使えません。",
        "ftps、sftp、ftp のいずれかを書いてください。",
    ),
    "E711": (
        "サーバー {host}:{port} に接続できません({detail})。",
        "deploy.yml の host と port、インターネット接続、サーバー会社の障害情報を確認してください。",
    ),
    "E712": (
        "{host} へのログインに失敗しました({detail})。",
        "deploy.yml の user と、パスワード(または SSH の鍵)が正しいか確認してください。",
    ),
    "E713": (
        "サーバーの証明書を確認できないため、接続を中止しました({detail})。",
        "host がサーバー会社の案内どおりか確認してください。別のサーバーになりすまされている可能性もあります。社内の証明書を使うサーバーなら、その証明書を ca_file に指定してください。",
    ),
    "E714": (
        "サーバーが暗号化通信(FTPS)に応じません({detail})。",
        "サーバー会社の案内で、FTPS(明示的 TLS)か SFTP の接続方法を確認してください。",
    ),
    "E715": (
        "サーバーのホスト鍵が、記録されている鍵と違います({detail})。接続を中止しました。",
        "なりすましの可能性があります。サーバー会社に鍵が変わったか確認し、変わっていれば {known_hosts} からそのサーバーの古い行を消して、もう一度登録してください。",
    ),
    "E716": (
        "サーバー {host} のホスト鍵が {known_hosts} に登録されていません。",
        "サーバー会社が案内する鍵の指紋と照らし合わせながら、ssh -p {port} {user}@{host} で一度接続して登録してください。",
    ),
    "E721": (
        "サーバーの {path} に書き込めません({detail})。",
        "deploy.yml の remote_path が正しいか、そのフォルダーに書き込む権限があるかを、サーバー会社の管理画面で確認してください。",
    ),
    "E722": (
        "サーバーの容量が足りず、{path} を保存できませんでした(ディスクの空きか、契約の容量の上限です。サーバーの返事: {detail})。",
        "サーバー会社の管理画面で使用量を確かめ、不要なファイル(古いバックアップやログなど)を消して空きを作ってから、もう一度実行してください。空きがあるはずなのに続くときは、この表示をサーバー会社に伝えて容量の上限を問い合わせてください。公開中のサイトはそのままで、送り終えたファイルは次の実行で送り直しません。",
    ),
    "E723": (
        "サーバーとの通信が途中で切れました({detail})。",
        "もう一度同じコマンドを実行すると、続きから送ります。公開中のページが、まだ届いていないファイルを指すことはありません。",
    ),
    "E724": (
        "サーバーがエラーを返しました({detail})。",
        "もう一度実行しても直らないときは、この表示を開発担当者に伝えてください。",
    ),
    "E731": (
        "戻せる以前の公開がありません。",
        "この PC から 2 回以上公開すると使えます(公開した内容は .deploy/releases/ に保存されます)。",
    ),
    "E732": (
        "SFTP で公開するための追加部品(paramiko)が入っていません。",
        ".venv フォルダを削除してから、もう一度 python3 build.py deploy(Windows では py build.py deploy)を実行してください。部品は自動で入ります。",
    ),
    "W701": (
        "暗号化されない FTP で送ります(--insecure)。",
        "パスワードとファイルが盗み見られるおそれがあります。サーバーが対応したら ftps か sftp に切り替えてください。",
    ),
    "W702": (
        "サーバーの証明書・ホスト鍵を確認しない設定です(verify: false)。",
        "なりすましに気づけません。確認できるようになったら deploy.yml から verify: false を消してください。",
    ),
    # Publishing: the server's listing, a damaged manifest, failures by cause (issue 16)
    "E705": (
        "{key} に書いたファイル {file} が見つかりません。",
        "deploy.yml のこの行のファイル名と場所を確かめてください。相対パスは deploy.yml のあるフォルダーから数えます。",
    ),
    "E706": (
        "{key} に書いたファイル {file} を読めません({detail})。",
        "ファイルであること(フォルダーではないこと)と、読み取り権限があることを確かめてください。",
    ),
    "E707": (
        "ca_file に書いたファイル {file} は証明書ではありません({detail})。",
        "サーバー会社から届いた証明書(-----BEGIN CERTIFICATE----- で始まるファイル)を指定してください。",
    ),
    "E708": (
        "{host} にログインするためのパスワードも SSH の鍵も見つかりません。",
        "環境変数 {variable} か ~/.netrc にパスワードを置くか、deploy.yml の key_file に秘密鍵を書いてください(ssh-agent の鍵や ~/.ssh/id_ed25519 なども使えます)。",
    ),
    "E725": (
        "サーバー上の目録 {name} が壊れているため、--delete による削除はしませんでした。",
        "この PC には以前の公開の記録(.deploy/releases/)がなく、どのファイルをこの道具が置いたのか分からないためです。ファイルの送信は済んでいます。前回公開した PC から --delete を付けて実行するか、不要なファイルをサーバー会社の管理画面で消してください。",
    ),
    "W703": (
        "サーバー上の目録 {name} が壊れているか読めません({detail})。",
        "サーバーのファイル一覧と、この PC に残る前回の公開({release})から作り直しました。",
    ),
    "W704": (
        "サーバー上の目録 {name} が壊れているか読めません({detail})。",
        "この PC に以前の公開の記録がないため、サーバーのファイルを読んで公開するファイルと比べ、違うものだけを送り直して目録を作り直します。移したページの転送は、サーバーの .htaccess と _redirects から読み戻します。",
    ),
    "W705": (
        "サーバーが同時接続を受け付けないため、{count} 本の接続で送ります({detail})。",
        "deploy.yml の connections を {count} にすると、この注意は出なくなります。",
    ),
    "W706": (
        "サーバー上で変更されていました: {count} 件。公開するファイルで置き換えます。",
        "サーバー会社の管理画面などで直接ファイルを変えると、次の公開で元に戻ります。変更は content/ で行ってください。",
    ),
    # A page gone from the site with no page it became (issue 14, moved pages)
    "W707": (
        "ページ {url} はサイトからなくなったため、サーバーからも削除します(--delete)。このアドレスを開くと「ページが見つかりません」になります。",
        "ページを移したのなら、移した先のページの先頭の設定に「aliases:」の行と、その下に「  - {url}」の行を書いてください。このアドレスを開くと、そのページに移ります。なくしてよいページなら、このままでかまいません。",
    ),
    # One publish at a time, the credential store, the editor's 「公開」 (issue 29)
    "E740": (
        "この PC で、ほかの公開が進んでいます({tool}、{who}、{since} から)。",
        "終わるのを待ってから、もう一度公開してください。編集画面の別のタブで公開しているなら、上の「公開」を開くと進み具合が見られます。",
    ),
    "E741": (
        "ほかの PC({who}、{tool})が {since} からこのサイトを公開しています。",
        "終わるのを待ってから、もう一度公開してください。その PC が途中で止まったままなら、最後の記録から 10 分たつと次の公開が引き継ぎます。",
    ),
    "E743": (
        "パスワードを OS の資格情報の保管庫に保存できませんでした({detail})。",
        "今回の公開はこのまま続けます。次の公開でもパスワードを尋ねます。Windows では資格情報マネージャー、Mac ではキーチェーンが使えるか確かめてください。",
    ),
    "E744": (
        "公開を中止しました(送信済み {done} 件 / 予定 {total} 件)。",
        "公開中のページはどれも壊れていません(一部は古い内容のままです)。もう一度「公開」を押すと、続きから送ります。",
    ),
    "E745": (
        "サイトに誤りが {count} 件あるため、公開できません。",
        "下の一覧の誤りを直してから、もう一度「公開」を押してください。サーバーは変更していません。",
    ),
    "E746": (
        "{host} のパスワードが違うため、ログインできませんでした。",
        "保存していたパスワードは消しました。サーバー会社から届いた正しいパスワードを入力し直してください。",
    ),
    "E747": (
        "受け取ったホスト鍵の指紋が、表示したものと違います({fingerprint})。登録しませんでした。",
        "サーバーの鍵が途中で変わったか、なりすましの可能性があります。サーバー会社に確認してください。",
    ),
    # Images, downloads (issue 13) and the build cache of images and pages (issues 13, 17)
    "E801": (
        "画像「{src}」が見つかりません({looked} を探しました)。",
        "assets/ の画像は /assets/images/… のように、ページと同じフォルダの画像はファイル名だけ(例: photo.jpg)で書いてください。大文字・小文字も確かめてください。",
    ),
    "E802": (
        "画像ファイル「{name}」を読み込めません({detail})。",
        "ファイルが壊れているか、画像ではありません。写真を書き出し直して置き直してください(使える形式: JPEG・PNG・WebP・HEIC)。",
    ),
    "E803": (
        "画像「{src}」に説明(代替テキスト)がありません。",
        '![事務局の様子](…) のように [ ] の中に、画像が伝える内容を書いてください。飾りだけの画像なら <img src="…" alt=""> と書きます。',
    ),
    "E804": (
        "<img> タグで属性「{attribute}」は使えません。",
        "使える属性: src・alt・width・height・loading・class",
    ),
    "E805": (
        "<img> タグ(画像「{src}」)に alt がありません。",
        'alt="画像が伝える内容" を付けてください。飾りだけの画像なら alt="" と書きます。',
    ),
    "E806": (
        "SVG 画像「{name}」に、スクリプト・イベント・外部の参照など、そのまま公開できない部分があります({found})。",
        "画像を作ったソフトで「SVG を最適化して書き出す」などを選び直すか、該当する部分を削除してください。",
    ),
    "E807": (
        "画像「{name}」の説明(代替テキスト)がありません。",
        "画像の項目と一緒に、画像が伝える内容を説明の項目(例: image_alt)に書いてください。",
    ),
    # issue 30: an image whose header claims more pixels than any photo (found before decoding)
    "E808": (
        "画像「{name}」は {width:,}×{height:,} ピクセルあると書かれていて、大きすぎるため扱えません(扱えるのは {limit:,} ピクセルまで)。",
        "写真を長辺 6,000 ピクセル程度に縮小して書き出し直してから置いてください。心当たりがなければ、ファイルが壊れているか、画像ではないファイルかもしれません。",
    ),
    "E809": (
        "画像「{name}」が、サイトを作っている間に保存し直されました。",
        "保存が終わってから、もう一度サイトを作ってください(プレビューは自動で作り直します)。",
    ),
    "W801": (
        "作成の記録(キャッシュ)の一部が壊れているか別の版のものだったため、使わずに作り直しました。",
        "そのままで問題ありません(サイトは記録を使わずに正しく作られています)。何度も表示されるときは .cache/ フォルダを削除してください。いつ削除してもかまいません。",
    ),
    "W811": (
        "画像「{src}」の元のファイルがとても大きいです({mb}MB、{pixels} ピクセル)。",
        "公開用には自動で縮小されますが、長辺 6,000 ピクセル以下・10MB 以下に縮小してから置くと、サイトの作成が速くなります。",
    ),
    "W812": (
        "画像「{src}」は幅 {shown} ピクセルで表示されますが、画像の幅は {pixels} ピクセルしかなく、ぼやけて見えます。",
        "width を {pixels} 以下にするか、大きな画像に差し替えてください。",
    ),
    "W813": (
        "サイト設定の images の avif が true ですが、この PC の画像処理の部品(Pillow {version})は AVIF 形式を作れないため、AVIF なしでサイトを作りました。",
        "WebP と JPEG・PNG の画像はいつもどおり作られるので、このまま公開できます。AVIF を使うには新しい Pillow が必要です(開発担当者に伝えてください)。使わないときは avif: false にすると、この注意は出なくなります。",
    ),
    # The tool itself
    "E901": (
        "予期しないエラーが発生しました({detail})。",
        "お手数ですが、この表示を開発担当者に伝えてください。--debug を付けて実行すると詳細が表示されます。",
    ),
    # A file another program holds open (Windows: the preview, an antivirus, OneDrive, Explorer)
    "E020": (
        "「{target}」は、このサイトのページ・ファイル・アドレスのどれでもありません。",
        "--explain には content/ のファイル(content/about.md)、書き出されるファイル(about/index.html)、アドレス(/about/)のどれかを指定してください。",
    ),
    "E004": (
        "「{path}」をほかのプログラムが開いているため、置き換えられませんでした。",
        "このファイルやフォルダを開いているエディタ・エクスプローラー・プレビューを閉じるか、"
        "OneDrive の同期が終わるのを待ってから、もう一度実行してください。",
    ),
}

# Lines the command line prints that are not problems.
TEXTS: dict[str, str] = {
    # issue 15: list items and full-width characters, in an editor's words
    "list_item": "{name} の {number} つ目",
    "full_width_colon": "全角のコロン",
    "full_width_space": "全角のスペース",
    "full_width_digit": "全角の数字",
    "full_width_hyphen": "全角のハイフン(または長音「ー」)",
    "full_width_period": "全角のピリオド",
    "full_width_slash": "全角のスラッシュ",
    "full_width_hash": "全角の「#」",
    "undefined_name": "「{name}」が定義されていません",
    "bad_value": "値「{value}」を{expected}として表示できません",
    "encoding_guess": "(おそらく {name} です)",
    "did_you_mean": "「{name}」の書き間違いではありませんか?",
    "site_settings": "サイト設定",
    # A deploy's line closed by the server without a word (Python's EOFError).
    "connection_closed": "サーバー側で接続が閉じられました",
    "front_matter": "先頭の設定ブロック",
    "error": "エラー",
    "warning": "注意",
    "checked": "確認しました: エラー {errors} 件、注意 {warnings} 件。",
    "built": "{pages} ページ、{files} ファイルを {out} に書き出しました({ms} ms)。",
    "warnings": "注意が {count} 件あります(サイトは作られました)。",
    # Notes of one code in one file, folded (issue 30): the others' lines, once
    "folded_notes": "  同じ注意({code})がこのファイルにあと {count} 件あります({lines})。すべては python3 build.py check で表示されます。",
    # Notes of one code in more files than are shown (W601 on thousands of pages)
    "folded_files": "  同じ注意({code})がほかの {files} ファイルにもあります(計 {notes} 件)。すべては python3 build.py check で表示されます。",
    "notes_heading": "注意 {count} 件(サイトの作成は止めません。エラーを直したあとで確かめてください)",
    "serve_url": "プレビュー: {url}  (保存するたびに自動で更新されます。終了は Ctrl+C)",
    "serve_built": "更新しました({files} ファイル、{ms} ms)。",
    "serve_failed": "サイトを作れませんでした。ブラウザにも問題を表示しています。直して保存すると自動で戻ります。",
    "serve_stopped": "プレビューを終了しました。",
    "serve_exposed": "注意: --host {host} で起動したため、同じネットワークの他の端末からもこのプレビューが見えます。",
    "port_in_use": "ポート {port} は使用中です。--port {suggestion} のように別の番号を指定してください。",
    "cannot_listen": "{host}:{port} で待ち受けできません: {detail}",
    "error_title": "サイトを作れませんでした",
    "error_intro": "次の問題を直してファイルを保存すると、このページは自動でサイトの表示に戻ります。",
    "error_line": "{line} 行目",
    "not_found_title": "ページが見つかりません",
    # issue 30: a request whose Host names another site (DNS rebinding) is refused
    "preview_host_title": "このアドレスではプレビューを開けません",
    "preview_host_text": "プレビューは localhost か IP アドレス(例: 127.0.0.1)で開いてください。ほかのサイトからプレビューの中身を読み取られないよう、それ以外の名前で開かれたときは表示しません。",
    # issue 28: `serve` only shows the site; changes go through `edit`
    "preview_read_only_title": "プレビューでは変更できません",
    "preview_read_only_text": "プレビュー(serve)はサイトを見るためだけのものです。ブラウザで編集するときは、このパソコンで `{command}` を実行してください。",
    "plan_upload": "  送信予定  {path} ({size:,} バイト)",
    "plan_delete": "  削除予定  {path}",
    "deploy_refused": "サイトに問題があるため公開しませんでした。サーバーは変更していません。",
    "deploy_unconfigured": "公開の設定(deploy.yml)に問題があるため公開しませんでした。サーバーは変更していません。",
    "deploy_rollback": "以前の公開 {name} に戻します。",
    "deploy_done": "公開しました: アップロード {uploaded} 件、変更なし {unchanged} 件、削除 {deleted} 件、送信 {sent:,} バイト({seconds:.1f} 秒)。",
    "deploy_dry": "確認のみ(--dry-run): アップロード {uploaded} 件、変更なし {unchanged} 件、削除 {deleted} 件、送信 {sent:,} バイトの予定です。サーバーは変更していません。",
    # Publishing: files the server's listing shows changed (issue 16)
    "drift_path": "  サーバー上で変更されていました  {path}",
    "manifest_garbled": "中身が壊れています",
    "manifest_wrong_field": "項目「{field}」が、この道具の書く形ではありません",
    "manifest_wrong_entry": "項目「{field}」の「{entry}」の中身が、この道具の書く形ではありません",
    # Pages renamed since the last deploy: their old addresses lead to them (issue 14)
    "lock_tool_edit": "編集画面の「公開」",
    "lock_tool_deploy": "ターミナルの deploy",
    "plan_redirect": "  転送予定  {old} → {new}",
    "redirect_added": "  転送を追加しました  {old} → {new}",
    "leftovers_removed": "  前回までの失敗で残った一時ファイル {count} 件を、サーバーから消しました。",
    "redirects_read_back": "  以前の公開で移したページの転送 {count} 件を、サーバーの {name} から読み戻しました。",
    # Why an image cannot be read (E802), in an editor's words
    "image_changed": "サイトを作っている間に保存し直されました。保存が終わってから、もう一度作ってください",
    "image_unreadable": "画像として読めない形式か、ファイルが壊れています",
    "image_damaged": "画像のデータが途中で切れているか、壊れています",
    "image_too_large": "{width:,}×{height:,} ピクセルあると書かれていて、大きすぎます",
    # What a page has too many of (E510)
    "limit_headings": "見出し",
    "limit_footnotes": "脚注",
    "failed": "サイトを作れませんでした。エラー {count} 件、注意 {warnings} 件。{out} は変更していません。",
}

# The command line's help and argparse's own words (issue 11: every word an editor sees is
# Japanese). CLI_HELP: the help of each command and option, by key.
CLI_HELP: dict[str, str] = {
    "description": "content/ の文章とデータからサイトを作ります。",
    "epilog": "コマンドを省くと build(サイトを作る)になります。各コマンドの説明: build.py コマンド --help",
    "commands": "コマンド",
    "commands_help": "次のどれか 1 つ(省くと build)",
    "folder": "フォルダ",
    "number": "番号",
    "address": "アドレス",
    "build": "サイトを作り、dist/ に書き出します(コマンドを省いたときもこれです)",
    "check": "すべての誤りを一覧にします(dist/ は変わりません)",
    "serve": "プレビュー: 保存するたびにサイトを作り直してブラウザに表示します",
    "deploy": "サイトを作って確かめ、サーバーに公開します",
    "test": "すべてのテストを実行します(開発者向け。続けて書いた引数は pytest に渡します)",
    "out": "書き出すフォルダ(省略すると dist/)",
    "no_cache": "作成の記録(.cache/)を使わずに、すべてを作り直します",
    "explain": "ページやファイル(content/about.md、about/index.html、/about/)が何を読んで作られ、前回から何が変わったかを表示します",
    "target": "対象",
    "debug": "内部のエラーの詳細(トレースバック)も表示します",
    "external": "外部サイトへのリンクが開けるかも確かめます",
    "port": "待ち受けるポート番号(省略すると 8000)",
    "host": "待ち受けるアドレス(省略すると 127.0.0.1。0.0.0.0 で同じネットワークの他の端末からも見えます)",
    "open": "プレビューをブラウザで開きます",
    "dry_run": "何を送るかを表示するだけにします(サーバーは変わりません)",
    "delete": "サイトから消したファイルをサーバーからも消します",
    "rollback": "1 つ前の公開に戻します",
    "insecure": "暗号化しない FTP での公開を許します",
    "verify": "サーバー上のすべてのファイルを取り寄せ、中身まで比べます",
    "usage_error": "{prog}: エラー: {message}\n  使い方は `{prog} --help` で表示されます。",
    "bad_port": "ポート番号は 1〜65535 の整数で書いてください(いまは「{value}」)",
    "no_pytest": "テストを実行できません: {detail}",
    "edit": "ブラウザでサイトを編集します(プレビュー付き。このパソコンからだけ開けます)",
    "edit_port": "待ち受けるポート番号(省略すると 8000 から空いている番号)",
    "no_open": "ブラウザを開きません(リンクはこの画面に表示します)",
}

# argparse's own messages (its gettext message ids), in Japanese. A test checks that every
# message id of the running Python's argparse is here.
ARGPARSE: dict[str, str] = {
    "usage: ": "使い方: ",
    "positional arguments": "コマンド",
    "options": "オプション",
    "optional arguments": "オプション",
    "show this help message and exit": "この説明を表示して終わります",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "知らない引数があります: %s",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "one of the arguments %s is required": "次の引数のどれか 1 つが必要です: %s",
    "not allowed with argument %s": "%s と一緒には使えません",
    "ambiguous option: %(option)s could match %(matches)s": (
        "オプション %(option)s は %(matches)s のどれのことか決められません"
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "「%(value)s」というコマンドはありません(使えるのは %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "「%(value)s」は正しい値ではありません(%(type)s)",
    "expected one argument": "値を 1 つ書いてください",
    "expected at most one argument": "値は 1 つまでです",
    "expected at least one argument": "値を 1 つ以上書いてください",
    "expected %s argument": "値を %s 個書いてください",
    "expected %s arguments": "値を %s 個書いてください",
    "ignored explicit argument %r": "%r は使われません",
    "unexpected option string: %s": "予期しないオプション %s",
    "can't open '%(filename)s': %(error)s": "「%(filename)s」を開けません: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "「%(parser_name)s」というコマンドはありません(使えるのは %(choices)s)"
    ),
    # Mistakes in our own parser's definition, not an editor's; translated all the same.
    "conflicting option string: %s": "オプションが重なっています: %s",
    "conflicting option strings: %s": "オプションが重なっています: %s",
    ".__call__() not defined": ".__call__() がありません",
    "'required' is an invalid argument for positionals": "位置引数に required は使えません",
    "mutually exclusive arguments must be optional": "同時に使えない引数は省略できるものにしてください",
    "%r is not callable": "%r は呼び出せません",
    "cannot merge actions - two groups are named %r": "同じ名前 %r のグループが 2 つあります",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "オプション %(option)r は %(prefix_chars)r で始めてください"
    ),
    "dest= is required for options like %r": "%r のようなオプションには dest= が必要です",
    "invalid conflict_resolution value: %r": "conflict_resolution の値 %r は使えません",
    "cannot have multiple subparser arguments": "サブコマンドの引数は 1 つだけです",
    "conflicting subparser: %s": "サブコマンドが重なっています: %s",
    "conflicting subparser alias: %s": "サブコマンドの別名が重なっています: %s",
    'argument "-" with mode %r': "引数「-」はモード %r では使えません",
}


# Words for the kinds of value a schema asks for (sitegen/schema.py).
KIND_WORDS = {
    "text": "文字",
    "int": "整数",
    "number": "数値",
    "bool": "true か false",
    "list": "「- 」で始まる行の並び(リスト)",
    "map": "「項目名: 値」の並び",
    "yen": "円単位の整数",
    "phone": "電話番号",
    "time": '時刻(例: "10:00")',
    "year": "西暦の年(例: 2022)",
    "url": "https:// で始まるアドレス",
    "color": '色の番号(例: "#12355b")',
    "weekday": "曜日の英語名(Monday〜Sunday)",
    "postal_code": '郵便番号(例: "102-0083")',
    "markdown": "文章(Markdown)",
    "date": '日付(例: "2026-11-27")',
    "link": "アドレス(https:// で始まるアドレスか、サイト内のページ)",
    "image": "画像ファイルの名前(例: share.png)",
}

# How to write each kind of value.
KIND_FIXES = {
    "yen": "例: 1億7,200万円なら 172000000(カンマや「万」「円」は付けません)。",
    "phone": '市外局番から、ハイフン区切りで、引用符で囲んで書いてください(例: "03-1234-5678")。',
    "time": '24 時間表記で、引用符で囲んで書いてください(例: "10:00")。',
    "bool": "true(はい)か false(いいえ)を書いてください。",
    "text": '文字は引用符で囲むと確実です(例: "0120")。',
    "list": "各項目を「- 」で始まる行で書いてください。",
    "map": "「項目名: 値」の形で書いてください。",
    "color": '「#」と 6 桁の英数字を、引用符で囲んで書いてください(例: "#12355b")。',
    "weekday": "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday のいずれかで書いてください。",
    "postal_code": '3 桁-4 桁で、引用符で囲んで書いてください(例: "102-0083")。',
    "date": '年-月-日の順に、実在する日付を引用符で囲んで書いてください(例: "2026-11-27")。',
    "link": "空白を含めずに書いてください(例: https://example.jp/、/about/、about.md)。",
    "image": ".png・.jpg・.webp・.svg などの画像ファイルの名前を、空白を含めずに書いてください。",
}

# PyYAML's problems, by the start of its English text (sitegen/yamlload.py).
YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "ここでは「:」を使えません。値にコロンが入るときは値全体を引用符で囲んでください"
    ),
    "could not find expected ':'": "「項目名: 値」の「:」が見つかりません",
    "found unexpected end of stream": "引用符が閉じられていません",
    "found undefined alias": "未定義の別名(*)が使われています",
    "expected <block end>, but found": "字下げが揃っていません",
    "did not find expected key": "字下げが揃っていないか、項目名がありません",
    "did not find expected '-' indicator": "リストの「- 」の字下げが揃っていません",
    "found character that cannot start any token": "使えない文字で始まっています",
}

# html5lib's parse error codes, in words an editor can act on.
STRUCTURE_ERRORS = {
    "expected-closing-tag-but-got-eof": "閉じていないタグがあります",
    "end-tag-too-early": "タグが閉じられる前に別のタグが閉じられています",
    "unexpected-end-tag": "対応する開始タグのない終了タグがあります",
    "unexpected-start-tag": "ここでは使えない位置にタグがあります",
}


# `python build.py --explain TARGET`: what an output read, and what changed since it was made.
EXPLAIN = {
    "page": "{source} から作るページ {output}(アドレス {url})",
    "reads": "このページが前回作られたときに読んだもの:",
    "changed": "変わりました",
    "same": "同じ",
    "own_file": "このページのファイル {source}",
    "own_body": "本文の変換(assets、サイト設定のアドレスと言葉、見出しの目印、画像)",
    "own_place": "このページのアドレス、パンくず(上のフォルダのページ)、一覧に載るページ",
    "looked_up": "本文のリンク先「{target}」",
    "input": "{label}",
    "reused": "前回から何も変わっていないため、次に作るときも前回のページをそのまま使います。",
    "rebuilt": "「変わりました」のものがあるため、次に作るときにこのページを作り直します。",
    "no_record": "前回の作成の記録がありません(まだ作っていないか、.cache/ が削除されたか、前回の作成がエラーで終わりました)。次に作るときに作ります。",
    "gone": "前回作ったページの保存(.cache/)が見つからないか書き換えられているため、次に作るときに作り直します。",
    "no_cache": "作成の記録(.cache/)を使わない設定のため、毎回すべてを作ります。",
    "site_file": "{output} は毎回作ります(ページをもとに数ミリ秒で作れるため、記録は使いません)。読むもの: {reads}",
    "asset": "{output} は assets/{name} をそのまま、中身から作った名前で毎回書き出します。",
    "image": "{output} は画像 {source}({width}×{height})から作る {kind} の幅 {out_width} px 版です。",
    "image_key": "変換の結果は .cache/ に、元の画像の中身(SHA-256 {digest})、変換の方法と版、形式と大きさを鍵として保存され、それが同じ間は使い回します。",
    "image_kept": "いまの鍵の変換結果は .cache/ にあるため、次に作るときも使い回します。",
    "image_missing": "いまの鍵の変換結果は .cache/ にないため、次に作るときに変換します。",
}
# What each input a page may read is called (sitegen/incremental/records.py).
INPUT_LABELS = {
    "code": "このツール(sitegen)のプログラムと部品の版",
    "settings": "サイト設定 content/site.yml",
    "assets": "assets/ のファイル(スタイルシート、アイコン)",
    "images": "assets/ の写真",
    "data": "データ content/data/",
    "sections": "セクション content/sections/",
    "pages": "すべてのページの題名とアドレス",
    "latest": "最新のお知らせ",
    "news_index": "お知らせの一覧のページ",
    "template:": "テンプレート templates/{name}",
}
SITE_FILE_READS = {
    "sitemap.xml": "公開するすべてのページのアドレスと日付、サイト設定の url",
    "robots.txt": "サイト設定の url",
    ".htaccess": "サイト設定(url、security)、スタイルシート、ページの aliases:",
    "_headers": "サイト設定(url、security)、スタイルシート",
    "_redirects": "ページの aliases:",
    "feed.xml": "お知らせの一覧のページとそのお知らせ、サイト設定",
}


def message(code: str, **values: object) -> tuple[str, str]:
    """The message and hint for code, filled in with values."""
    text, hint = CATALOGUE[code]
    return text.format(**values), hint.format(**values)


def text(key: str, **values: object) -> str:
    """A line of the command line's own output."""
    return TEXTS[key].format(**values)


# The browser editor (`python build.py edit`, issue 28): every word of its pages and of its
# lines in the terminal.
EDITOR: dict[str, str] = {
    "edit_url": "編集画面: {url}\n  (このリンクには、この編集画面だけの合言葉が含まれています。終了は Ctrl+C)",
    "edit_running": "編集画面はすでに起動しています。次のリンクから開いてください:\n  {url}",
    "edit_stopped": "編集画面を終了しました。",
    "app_title": "サイトの編集",
    "lang_name": "日本語",
    "skip": "本文へ移動",
    "nav_overview": "ファイルの一覧",
    "nav_preview": "プレビュー",
    "refused_title": "編集画面に入れません",
    "refused_text": "編集画面へは、`{command}` を実行した画面(ターミナル)に表示されたリンクから入ってください。リンクには、この編集画面だけの合言葉が含まれています(編集画面を起動し直すと、合言葉も変わります)。",
    "refused_posted": "送信しようとした内容は下にあります。失われないよう、必要ならコピーしてから、リンクから入り直してください。",
    "host_title": "このアドレスでは開けません",
    "host_text": "編集画面とプレビューは、このパソコンのアドレス(localhost か 127.0.0.1)でだけ開けます。ターミナルに表示されたリンクから開いてください。",
    "csrf_title": "保存できませんでした(確認用の情報が合いません)",
    "csrf_text": "編集画面を開き直したか、時間がたってページの確認用の情報が古くなりました。ファイルは変更していません。入力した内容は下にあります。ファイルを開き直して、もう一度入力してください。",
    "origin_title": "別のサイトからの送信は受け付けません",
    "origin_text": "この編集画面のページ以外から送られた変更は受け付けません。ファイルは変更していません。",
    "too_large_title": "送信された内容が大きすぎます",
    "too_large_text": "1 回に送れる内容は {limit} までです。ファイルは変更していません。",
    "not_allowed_title": "このファイルは編集できません",
    "not_allowed_text": "編集画面で変更できるのは content/ と assets/ のファイルだけです。",
    "not_found_title": "ファイルが見つかりません",
    "not_found_text": "「{path}」はありません。一覧から選び直してください。",
    "bad_request_title": "リクエストを処理できません",
    "bad_request_text": "編集画面のリンクやボタンから操作してください。ファイルは変更していません。",
    "no_such_page": "このアドレスの画面はありません。上の「ファイルの一覧」から選んでください。",
    "posted_text": "送信しようとした内容",
    "overview_intro": "直したいファイルを選ぶと、入力欄が並んだ画面が開きます。エラーと注意の数は、保存のたびに確かめ直します。",
    "group_site": "サイトの設定",
    "group_pages": "ページ",
    "group_news": "お知らせ({folder})",
    "group_section": "セクション「{name}」",
    "group_data": "データ",
    "col_file": "ファイル",
    "col_title": "タイトル",
    "col_state": "状態",
    "col_changed": "最終更新",
    "col_errors": "エラー",
    "col_notes": "注意",
    "state_published": "公開",
    "state_draft": "下書き",
    "state_scheduled": "公開予定({date})",
    "state_item": "項目",
    "changed_at": "{date:%Y年%m月%d日 %H:%M}",
    "search_label": "内容を検索",
    "search_button": "検索",
    "search_found": "「{query}」を含むファイル: {count} 件",
    "search_none": "「{query}」を含むファイルはありません。",
    "search_line": "{line} 行目",
    "problems_total": "サイト全体: エラー {errors} 件、注意 {notes} 件",
    "form_title": "{title} の編集",
    "form_file": "ファイル: {path}",
    "form_save": "保存する",
    "form_saved": "保存しました。",
    "form_saved_errors": "保存しましたが、エラーが {count} 件あります。入力欄の下の説明に沿って直してください(エラーがある間は公開できません)。",
    "form_unchanged": "変更はありませんでした(ファイルはそのままです)。",
    "form_problems": "このファイルのエラーと注意",
    "form_body": "本文(Markdown)",
    "form_body_help": "見出しは「## 」、太字は **文字** で書きます。",
    "toolbar": "本文の書式",
    "tool_heading": "見出し",
    "tool_bold": "太字",
    "tool_link": "リンク",
    "tool_list": "箇条書き",
    "tool_table": "表",
    "tool_image": "画像",
    "tool_text": "文字",
    "tool_item": "項目",
    "tool_value": "内容",
    "tool_alt": "画像の説明",
    "form_required": "(必須)",
    "form_yes": "はい",
    "form_add": "「{label}」に項目を追加",
    "form_remove": "{number} つ目を削除",
    "form_up": "{number} つ目を上へ",
    "form_down": "{number} つ目を下へ",
    "form_item": "{label} の {number} つ目",
    "form_none_chosen": "(選んでいません)",
    "form_history": "このファイルの履歴",
    "form_preview": "プレビューで見る",
    "form_as_text": "このファイルは書き方に誤りがあるため、文字のまま開いています。下の誤りを直して保存してください。",
    "form_text": "ファイルの内容",
    "form_unsaved": "保存していない変更があります。",
    "form_restored": "前回保存しなかった入力を戻しました(まだ保存していません)。",
    "form_computed": "空欄のときは {value}(各項目から自動で計算した値)が表示されます。",
    "form_problem_at": "{line} 行目",
    "conflict_title": "ほかの場所でファイルが変更されたため、保存しませんでした",
    "conflict_text": "この画面を開いたあとで、別のタブ・同僚・テキストエディタ・OneDrive の同期などによって「{path}」が変わりました。そのまま保存すると、その変更が消えてしまいます。入力した内容は履歴にも残しました。下の 2 つを見比べてから、ファイルを開き直して入力し直してください。",
    "conflict_theirs": "いまのファイル",
    "conflict_yours": "あなたが入力した内容",
    "conflict_reopen": "ファイルを開き直す",
    "history_title": "{path} の履歴",
    "history_intro": "保存するたびに、その時点の内容をここに残します(古いものから順に消えます)。戻した操作も履歴に残るので、元に戻せます。",
    "history_none": "まだ履歴はありません。",
    "history_restore": "この版に戻す",
    "history_restored": "{time} の版に戻しました。戻す前の内容も履歴に残っています。",
    "history_view": "内容を見る",
    "history_kind_save": "保存",
    "history_kind_before": "保存前の内容",
    "history_kind_restore": "復元",
    "history_kind_conflict": "保存できなかった入力",
    "history_time": "{time:%Y年%m月%d日 %H:%M:%S}",
    "history_current": "(いまの内容)",
    "edit_this_page": "このページを編集",
    "edit_links": "編集",
    "edit_sections": "このページの欄を編集({count})",
    "edit_section": "「{title}」の欄を編集",
    "invalid_yen": "金額として読めません(例: 1億7,200万円、172000000)",
    # 「公開」 in the editor (issue 29)
    "nav_publish": "公開",
    "publish_title": "公開",
    "publish_where": "公開先",
    "publish_settings_change": "公開先の設定を変える",
    "publish_settings_saved": "公開の設定(deploy.yml)を保存しました。",
    "publish_show_plan": "公開する内容を確かめる",
    "publish_rollback": "1 つ前の公開に戻す",
    "publish_plan_help": "まだ何も送りません。次の画面で、送るファイルと消すファイルを確かめてから公開します。",
    "publish_refused": "公開できません。次の表示を確かめてください。サーバーは変更していません。",
    "publish_password": "サーバーのパスワード",
    "publish_password_store": "入力したパスワードは、この PC の資格情報の保管庫(Windows の資格情報マネージャー、Mac のキーチェーンなど)に保存し、次からは尋ねません。サイトのファイルには書きません。",
    "publish_password_no_store": "この PC にはパスワードを保存できる仕組み(資格情報の保管庫)がないため、保存しません。公開のたびに入力してください。",
    "publish_host_key_title": "サーバーの鍵(ホスト鍵)を確かめてください",
    "publish_host_key_text": "{host}(ポート {port})に初めて接続します。サーバーが示した鍵は次のとおりです。",
    "publish_host_key_kind": "鍵の種類",
    "publish_host_key_fingerprint": "指紋(SHA256)",
    "publish_host_key_compare": "サーバー会社の案内(管理画面やメール)にある指紋と、1 文字ずつ同じか確かめてください。同じなら下のボタンで登録します({file} に書きます)。違うときは登録せず、サーバー会社に問い合わせてください。",
    "publish_host_key_accept": "指紋が同じなので、この鍵を登録する",
    "publish_host_key_accepted": "サーバーの鍵を登録しました。もう一度「公開する内容を確かめる」を押してください。",
    "publish_job": "公開の進み具合",
    "publish_job_rollback": "1 つ前の公開に戻す作業の進み具合",
    "publish_state_idle": "",
    "publish_state_running": "送っています。このページを閉じても公開は最後まで続きます。",
    "publish_state_done": "終わりました。",
    "publish_state_failed": "公開できませんでした。下の表示を確かめてください。",
    "publish_state_cancelled": "中止しました。",
    "publish_state_cancelling": "中止しています。送っているファイルを送り終えたところで止めます。",
    "publish_progress_line": "ファイル {done} / {total} 件、{sent} / {size}",
    "publish_cancel": "中止",
    "publish_refresh": "最新の状態を表示する",
    "publish_done": "公開しました: 送信 {uploaded} 件、変更なし {unchanged} 件、削除 {deleted} 件、{sent}({seconds:.0f} 秒)。",
    "publish_rolled_back": "1 つ前の公開に戻しました: 送信 {uploaded} 件、変更なし {unchanged} 件、削除 {deleted} 件、{sent}({seconds:.0f} 秒)。",
    "publish_plan_title": "公開する内容",
    "publish_plan_title_rollback": "1 つ前の公開に戻す内容",
    "publish_plan_rollback_text": "この PC に残る以前の公開({name})をサーバーに送り直します。いまの公開にだけあるファイルはサーバーから消えます。",
    "publish_plan_totals": "新しく送る {new} 件、変わったファイル {changed} 件、削除 {deleted} 件、変更なし {unchanged} 件(送る量 {size})。",
    "publish_changes_title": "前回の公開からの変更",
    "publish_changes_first": "この PC からの初めての公開です。",
    "publish_changes_since": "前回の公開: {time}",
    "publish_changes_edited": "編集したファイル {count} 件",
    "publish_changes_added": "増えたページ {count} 件",
    "publish_changes_removed": "なくなったページ {count} 件",
    "publish_changes_renamed": "移したページの転送 {count} 件",
    "publish_files_title": "サーバーのファイル",
    "publish_files_new": "新しく送るファイル {count} 件",
    "publish_files_changed": "送り直すファイル(変わったもの) {count} 件",
    "publish_files_deleted": "サーバーから消すファイル {count} 件",
    "publish_confirm": "この内容で公開する",
    "publish_confirm_rollback": "この内容で 1 つ前の公開に戻す",
    "publish_back": "やめて戻る",
    "publish_setup_title": "公開先の設定",
    "publish_setup_missing": "公開先がまだ設定されていません(deploy.yml がありません)。",
    "publish_setup_intro": "サーバー会社から届いた情報を入力してください。保存すると deploy.yml に書きます。パスワードはここには書かず、公開するときに尋ねます。",
    "publish_setup_problems": "設定に {count} 件の誤りがあります。各欄の表示を確かめてください。保存していません。",
    "publish_setup_conflict": "この画面を開いたあとで、deploy.yml がほかの場所(テキストエディタ、別のタブ、同僚の PC、OneDrive などの同期)で変わりました。保存すると、その変更が消えてしまいます。入力した内容はこの画面に残してあります。下のリンクでいまの deploy.yml を開き直し、見比べてから入力し直してください。",
    "publish_setup_more": "必要なときだけ",
    "photo_changed_elsewhere": "一覧を表示したあとで、写真「{name}」がほかの場所(別のタブ、同僚の PC、OneDrive などの同期)で変わりました。その変更を消さないよう、何もしませんでした。いまの一覧を見直してから、もう一度操作してください。",
    "publish_setup_save": "保存する",
    "publish_test": "接続を確かめる",
    "publish_connected": "サーバーに接続でき、公開するフォルダーを読めました。",
    "publish_required": "(必須)",
    "publish_protocol_ftps": "FTPS(FTP + 暗号化)",
    "publish_protocol_sftp": "SFTP",
    "publish_field_protocol": "接続方法",
    "publish_field_host": "サーバーの名前",
    "publish_field_port": "ポート番号",
    "publish_field_user": "ユーザー名",
    "publish_field_remote_path": "公開するフォルダー",
    "publish_field_key_file": "SSH の秘密鍵のファイル",
    "publish_field_known_hosts": "ホスト鍵の記録ファイル",
    "publish_field_ca_file": "サーバーの証明書のファイル",
    "publish_field_keep_releases": "この PC に残す過去の公開の数",
    "publish_field_retries": "通信が切れたときにやり直す回数",
    "publish_field_timeout": "応答を待つ秒数",
    "publish_field_connections": "同時に使う接続の数",
    "publish_help_protocol": "サーバー会社の案内にある接続方法です。暗号化しない FTP は選べません。",
    "publish_help_host": "例: ftp.example.jp",
    "publish_help_port": "空欄なら FTPS は 21、SFTP は 22 です。",
    "publish_help_user": "サーバー会社から届いたログイン名です。",
    "publish_help_remote_path": "例: /public_html/cyber/(サブフォルダーに置くときは、そのフォルダーまで)",
    "publish_help_key_file": "SFTP で鍵を使うときだけ。例: ~/.ssh/id_ed25519",
    "publish_help_known_hosts": "空欄なら ~/.ssh/known_hosts です。",
    "publish_help_ca_file": "社内の証明書で FTPS を使うサーバーのときだけ。",
    "publish_help_keep_releases": "空欄なら 5 です。「1 つ前の公開に戻す」に使います。",
    "publish_help_retries": "空欄なら 4 回です。",
    "publish_help_timeout": "空欄なら 30 秒です。",
    "publish_help_connections": "空欄なら 4 本です。サーバーが断ると自動で減らします。",
    "kind_help_yen": "例: 1億7,200万円(「1億7,200万」や 172000000 とも書けます)",
    "kind_help_phone": "例: 03-1234-5678",
    "kind_help_time": "例: 10:00(24 時間表記)",
    "kind_help_postal_code": "例: 102-0083",
    "kind_help_year": "西暦で。例: 2024",
    "kind_help_url": "https:// で始まるアドレス",
    "kind_help_link": "サイト内のページを選ぶか、https:// で始まるアドレスを書きます",
    "kind_help_image": "サイトの画像から選びます",
    "kind_help_weekday": "",
    "kind_help_int": "整数",
    "kind_help_number": "数値(小数も書けます)",
    "new_heading": "新しいファイルを作る",
    "new_intro": "作りたいものを選ぶと、名前と題名を入れる画面が開きます。",
    "new_kind_page": "新しいページ",
    "new_kind_news": "新しいお知らせ({folder})",
    "new_kind_item": "「{name}」に 1 つ追加",
    "new_title": "{kind}を作る",
    "new_name": "ファイル名(ページのアドレスになります)",
    "new_name_help": "英数字と - で短く書きます。{folder} に「名前.md」として作ります。",
    "new_name_help_news": "お知らせは日付から始まる名前にします(例: 2026-12-07-seminar)。",
    "new_name_help_item": "並び順はファイル名の順です(先頭の数字)。あとで「上へ」「下へ」で入れ替えられます。",
    "new_title_label": "題名",
    "new_title_help": "ページの見出しになります。あとで変えられます。",
    "new_default_title": "新しいページ",
    "new_default_item": "新しい項目",
    "new_menu": "メニューに加える",
    "new_menu_help": "サイトのメニュー(content/site.yml の menu:)の最後に、この題名で加えます。",
    "new_create": "作る",
    "new_created": "「{path}」を作りました。",
    "new_created_draft": "「{path}」を下書きとして作りました(空欄があるうちはサイトに出ません)。入力し終えたら「下書き」のチェックを外して保存してください。",
    "new_added_menu": "メニューに加えました。",
    "new_menu_failed": "content/site.yml に誤りがあるため、メニューには加えませんでした。site.yml を直してから、menu: に加えてください。",
    "new_problems": "この名前では作れません",
    "page_manage": "ファイルの操作",
    "page_move_up": "上へ移す(並び順)",
    "page_move_down": "下へ移す(並び順)",
    "page_moved": "並び順を変えました(ファイル名を {names} に変えました)。",
    "page_not_moved": "これ以上動かせません。",
    "page_order_field": "このフォルダの並び順は、ファイルの「order」(並び順の数)で決まっています。並べ替えるには、各ファイルの「並び順」の数を変えて保存してください。",
    "page_preview_live": "入力中の内容のプレビュー(保存前)",
    "rename_label": "新しいファイル名",
    "rename_help": "名前を変えるとページのアドレスも変わります。古いアドレスは aliases: に加え、開くと新しいアドレスに移るようにします。メニューとページのリンクも新しい名前に直します。",
    "rename_help_section": "名前を変えても、サイトのアドレスは変わりません(並び順はファイル名の順です)。",
    "rename_button": "名前を変える",
    "rename_unreadable": "このファイルの先頭の設定に誤りがあるため、名前を変えませんでした。誤りを直して保存してから、もう一度名前を変えてください。",
    "rename_done": "「{old}」を「{new}」に名前を変えました。",
    "rename_done_alias": "古いアドレス {address} は新しいページに移るようにしました(aliases:)。",
    "rename_links": "リンクを直したファイル: {files}",
    "rename_undo": "名前を「{name}」に戻す",
    "rename_from": "(元の名前: {name})",
    "rename_to": "(新しい名前: {name})",
    "delete_button": "このファイルを削除する",
    "delete_help": "削除したファイルは履歴に残り、一覧の「削除したファイル」から元に戻せます。",
    "delete_refused_title": "「{path}」は削除しませんでした",
    "delete_refused_text": "次のメニューとページがこのファイルにリンクしています。削除すると、リンクが切れてサイトを作れなくなります。先にリンクを外してください。",
    "delete_menu_entry": "メニュー(content/site.yml)の「{words}」",
    "delete_page_link": "{path} の {line} 行目「{words}」",
    "delete_unlink": "これらのリンクを外す(文字は残します)",
    "delete_unlinked": "リンクを外しました: {files}。もう一度削除できます。",
    "delete_done": "「{path}」を削除しました。履歴から元に戻せます。",
    "delete_listed": "削除したファイル",
    "delete_restore_hint": "履歴を開いて「この版に戻す」を押すと元に戻ります。",
    "history_kind_create": "作成",
    "history_kind_delete": "削除",
    "history_kind_rename": "名前の変更",
    "history_kind_renamed": "名前を変える前",
}

# The engine's own fields (builtin_models.py) as the editor labels them; a site's models give
# theirs with `label:` and `help:`.
EDITOR_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("タイトル", "ページの見出しと、ブラウザのタブに表示されます。"),
    "description": ("説明", "検索結果や SNS で共有されたときに表示される短い紹介文です。"),
    "template": ("テンプレート", "ふつうは空のままにします。"),
    "sitemap": ("サイトマップに載せる", ""),
    "date": ("公開日", "この日になるまで公開されません。"),
    "updated": ("更新日", ""),
    "draft": ("下書き", "下書きはプレビューにだけ表示され、公開されません。"),
    "list": ("一覧にするもの", "news と書くと、このフォルダのページを新しい順に並べます。"),
    "aliases": ("以前のアドレス", "ここに書いたアドレスは、このページへ転送されます。"),
    "name": ("サイト名", ""),
    "url": ("サイトのアドレス", "公開先のアドレス(https:// から)。"),
    "lang": ("言語", "ふつうは ja です。"),
    "security": ("セキュリティの設定", ""),
    "hsts": ("HTTPS だけで開くようブラウザに伝える(HSTS)", ""),
    "images": ("画像の設定", ""),
    "avif": ("AVIF 形式の画像も作る", ""),
    "required_texts": ("必ず載せる文言", "すべてのページに含まれているか確かめる文言です。"),
    "labels": ("画面の言葉", ""),
    "footnotes": ("脚注の見出し", ""),
    "footnote_back": ("脚注から戻るリンクの名前", ""),
    "menu": ("メニュー", ""),
    "link": ("リンク先", ""),
    "latest_news": ("トップページに載せるお知らせの数", ""),
    "era_dates": ("日付を和暦で表示する", ""),
    "order": ("並び順", "小さい数ほど先に並びます。"),
    "weekday_Monday": ("月曜日", ""),
    "weekday_Tuesday": ("火曜日", ""),
    "weekday_Wednesday": ("水曜日", ""),
    "weekday_Thursday": ("木曜日", ""),
    "weekday_Friday": ("金曜日", ""),
    "weekday_Saturday": ("土曜日", ""),
    "weekday_Sunday": ("日曜日", ""),
}


# Photos in the browser editor (issue 29, sitegen/editor/photos*.py): adding, placing with
# alt text, what is published, the photos list. Merged into EDITOR below.
EDITOR_PHOTOS: dict[str, str] = {
    "photo_nav": "写真の一覧",
    "photo_add_heading": "写真を追加",
    "photo_add_label": "写真のファイル(JPEG・PNG・WebP・HEIC・GIF)",
    "photo_add_help": "ファイルを選ぶか、この欄か本文の入力欄に写真をドラッグ&ドロップします。写真は {folder}/ に保存されます。この画面でまだ保存していない変更は、先に「保存する」で保存してください(ドラッグ&ドロップのときは、保存前の入力もそのまま残ります)。",
    "photo_add_button": "写真を送る",
    "photo_sending": "「{name}」を送っています…",
    "photo_failed": "写真を送れませんでした。もう一度試すか、画面を読み込み直してください。",
    "photo_place_title": "写真をページに入れる",
    "photo_place_intro": "「{name}」を {stored} に保存しました。ページに入れる前に、写真の説明を書いてください。",
    "photo_place_existing": "同じ写真がすでに {stored} にあるため、それを使います(同じ写真を 2 つ保存することはしません)。",
    "photo_place_renamed": "「{wanted}」という名前のファイルがすでにあるため、「{stored}」という名前で保存しました(元のファイルはそのままです)。写真を差し替えたいときは「写真の一覧」の「置き換える」を使います。",
    "photo_alt_label": "写真の説明(代替テキスト)",
    "photo_alt_help": "写真が伝える内容を書きます(例: 事務局の受付カウンター)。読み上げソフトで読まれ、写真が表示されないときにも表示されます。",
    "photo_decorative": "飾りだけの写真(装飾)なので、説明はいらない",
    "photo_decorative_help": "装飾を選ぶと、読み上げソフトはこの写真を読み飛ばします。内容を伝える写真には選ばないでください。",
    "photo_alt_missing": "写真の説明を書くか、「装飾」を選んでください。",
    "photo_place_button": "本文に入れる",
    "photo_place_end_button": "本文の最後に入れて保存する",
    "photo_cancel": "入れずに閉じる",
    "photo_placed": "写真を本文の最後に入れて保存しました。",
    "photo_inserted": "写真を本文のカーソルの位置に入れました(まだ保存していません)。",
    "photo_back": "ページの編集に戻る",
    "photo_published_heading": "公開されるもの",
    "photo_published_files": "サイトを作るときに、次の {count} 個のファイルに変換されます(元の写真そのものは公開されません):",
    "photo_published_file": "{kind} {width}×{height}",
    "photo_published_phone": "スマートフォン(幅 {css} の画面)で読み込む量: 約 {weight}({kind} {width}×{height})。元の写真は {original} です。",
    "photo_published_gps": "この写真には撮影場所(GPS の位置情報)が含まれていましたが、公開するファイルからは位置情報・撮影日時・カメラの情報をすべて取り除きます(確認済み)。",
    "photo_published_no_gps": "位置情報(GPS)は含まれていません。公開するファイルには撮影情報を含めません(確認済み)。",
    "photo_published_converted": "GIF は PNG に変換して保存しました(動かない GIF だけを受け付けます)。",
    "photo_refused_title": "この写真は追加できません",
    "photo_refused_nothing": "ファイルは何も保存していません。",
    "photo_refused_empty": "「{name}」は空のファイルです。写真を選び直してください。",
    "photo_refused_unreadable": "「{name}」は写真として読めません(中身が JPEG・PNG・WebP・HEIC・GIF のどれでもありません)。名前の最後(拡張子)ではなく中身で確かめています。写真のアプリで JPEG として書き出し直してください。",
    "photo_refused_other": "「{name}」は名前は写真のようですが、中身は {kind} のファイルです。写真だけを追加できます。PDF などの資料は assets/files/ に置いてリンクします(編集の手引きの「写真・画像・ダウンロード」)。",
    "photo_refused_format": "「{name}」は {kind} 形式の画像で、このサイトでは扱えません。JPEG・PNG・WebP・HEIC のどれかで書き出し直してください。",
    "photo_refused_damaged": "「{name}」は途中で切れているか壊れていて、最後まで読めません。元の写真からもう一度書き出すか、送り直してください。",
    "photo_refused_huge": "「{name}」は {width:,}×{height:,} ピクセルあると書かれていて、大きすぎるため扱えません(扱えるのは {limit:,} ピクセルまで)。長辺 6,000 ピクセル程度に縮小して書き出し直してください。",
    "photo_refused_animated": "「{name}」は動く GIF です。このサイトの写真は動かない画像だけを扱います(動く GIF は最初の 1 コマしか表示されず、とても重くなります)。静止画として書き出すか、動画は YouTube などに置いてリンクしてください。",
    "photo_refused_none": "写真のファイルが選ばれていません。「ファイルを選択」で写真を選んでから送ってください。",
    "photo_refused_page": "写真を入れられるのは、ページ(content/ の .md ファイル)の編集画面からだけです。",
    "photo_refused_place": "写真を置くフォルダ {folder} が、ほかの場所へのリンク(ショートカット)になっているため、保存しませんでした。編集画面は、このサイトのフォルダの中にだけファイルを書きます。リンクをやめて、本物のフォルダにしてください。",
    "photo_too_large_title": "写真のファイルが大きすぎます",
    "photo_too_large_text": "1 枚の写真として送れるのは {limit} までです。ファイルは何も保存していません。写真のアプリで「サイズを小さくして書き出す」などを選んでから送ってください。",
    "photo_list_title": "写真の一覧",
    "photo_list_intro": "サイトの画像と、それを表示しているページです。「置き換える」を使うと、同じ名前のまま写真が変わり、表示しているページはすべて新しい写真になります。置き換え・削除の前の写真は履歴に残ります。",
    "photo_list_none": "画像はまだありません。ページの編集画面から写真を追加できます。",
    "photo_col_pages": "表示しているページ",
    "photo_not_shown": "(どのページにも表示されていません)",
    "photo_replace_label": "「{name}」を置き換える写真",
    "photo_replace_button": "置き換える",
    "photo_delete_button": "「{name}」を削除",
    "photo_replaced": "「{name}」を新しい写真に置き換えました。表示している {count} 個のページはすべて新しい写真になります。元の写真は履歴に残りました。",
    "photo_replaced_converted": "形式を合わせるため、新しい写真を {kind} に変換しました(名前はそのままです)。",
    "photo_replace_same": "「{name}」は送られた写真と同じ内容のため、何も変えませんでした。",
    "photo_deleted": "「{name}」を削除しました。元の写真は履歴に残っています。",
    "photo_delete_refused": "「{name}」は次のファイルで表示されているため、削除しませんでした。先にそれぞれのページから写真を外すか、「置き換える」で別の写真に変えてください。",
    "photo_unknown": "「{name}」という画像はありません。写真の一覧から選び直してください。",
    "photo_replace_kind": "「{name}」は {kind} の画像のため、編集画面では置き換えられません(置き換えられるのは JPEG・PNG・WebP・HEIC の写真です)。ファイルを直接置き換えてください。",
    "photo_page_unreadable": "「{page}」が UTF-8 で保存されていないため、写真を入れられませんでした。ページの編集画面に表示される直し方に沿って保存し直してください。写真は保存してあります。",
}
EDITOR.update(EDITOR_PHOTOS)


def editor_text(key: str, **values: object) -> str:
    """A line of the browser editor's pages or of its terminal output."""
    return EDITOR[key].format(**values)

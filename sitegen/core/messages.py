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
    # Links in the built pages
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
        "サーバー会社が案内する鍵の指紋と照らし合わせながら、ssh -p {port} で一度接続して登録してください。",
    ),
    "E721": (
        "サーバーの {path} に書き込めません({detail})。",
        "deploy.yml の remote_path が正しいか、そのフォルダーに書き込む権限があるかを、サーバー会社の管理画面で確認してください。",
    ),
    "E722": (
        "サーバーの容量が足りず、{path} を書き込めませんでした({detail})。",
        "サーバーの不要なファイルを消すか、契約している容量を確認してください。公開中のサイトはそのままです。",
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
        'python3 -m pip install -e ".[sftp]" を実行してから、もう一度公開してください。',
    ),
    "W701": (
        "暗号化されない FTP で送ります(--insecure)。",
        "パスワードとファイルが盗み見られるおそれがあります。サーバーが対応したら ftps か sftp に切り替えてください。",
    ),
    "W702": (
        "サーバーの証明書・ホスト鍵を確認しない設定です(verify: false)。",
        "なりすましに気づけません。確認できるようになったら deploy.yml から verify: false を消してください。",
    ),
    # The build cache (.cache/pages/, issue 17)
    "W801": (
        "作業用の控え({detail})が壊れているか、別の版のものだったため、使わずに作り直しました。",
        "対応は不要です。サイトは控えを使わずに正しく作られています。何度も表示されるときは .cache/ フォルダを削除してください。",
    ),
    # The tool itself
    "E901": (
        "予期しないエラーが発生しました({detail})。",
        "お手数ですが、この表示を開発担当者に伝えてください。--debug を付けて実行すると詳細が表示されます。",
    ),
}

# Lines the command line prints that are not problems.
TEXTS: dict[str, str] = {
    "encoding_guess": "(おそらく {name} です)",
    "did_you_mean": "「{name}」の書き間違いではありませんか?",
    "site_settings": "サイト設定",
    "front_matter": "先頭の設定ブロック",
    "error": "エラー",
    "warning": "注意",
    "checked": "確認しました: エラー {errors} 件、注意 {warnings} 件。",
    "built": "{pages} ページ、{files} ファイルを {out} に書き出しました({ms} ms)。",
    "warnings": "注意が {count} 件あります(サイトは作られました)。",
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
    "plan_upload": "  送信予定  {path} ({size:,} バイト)",
    "plan_delete": "  削除予定  {path}",
    "deploy_refused": "サイトに問題があるため公開しませんでした。サーバーは変更していません。",
    "deploy_rollback": "以前の公開 {name} に戻します。",
    "deploy_done": "公開しました: アップロード {uploaded} 件、変更なし {unchanged} 件、削除 {deleted} 件、送信 {sent:,} バイト({seconds:.1f} 秒)。",
    "deploy_dry": "確認のみ(--dry-run): アップロード {uploaded} 件、変更なし {unchanged} 件、削除 {deleted} 件、送信 {sent:,} バイトの予定です。サーバーは変更していません。",
    "failed": "サイトを作れませんでした。{count} 件の問題があります。{out} は変更していません。",
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


def message(code: str, **values: object) -> tuple[str, str]:
    """The message and hint for code, filled in with values."""
    text, hint = CATALOGUE[code]
    return text.format(**values), hint.format(**values)


def text(key: str, **values: object) -> str:
    """A line of the command line's own output."""
    return TEXTS[key].format(**values)

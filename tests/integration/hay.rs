//! Fixture knowledge bases, written by the tests themselves.

/// A small English shop FAQ in Markdown.
pub const SHOP_EN: &str = r#"@lang en

# Orders and delivery

## How long does delivery take?
? When will my order arrive?
? How many days until my parcel gets here?
? What is the delivery time?
? How fast do you ship?
@id delivery-time
@tags shipping

Orders leave our warehouse **within 24 hours** and arrive in 2–3 working days.

## How much does shipping cost?
? What are the shipping fees?
? Is delivery free?
? How much is postage?
@id shipping-cost

Shipping is free from 50 €; below that it costs 4.90 €.

## Can I track my parcel?
? Where is my package?
? Do I get a tracking number?
? How can I follow my shipment?
@id tracking

Yes: the shipping e-mail has a [tracking link](https://track.example/parcel).

# Returns and refunds

## How do I return an item?
? Can I send something back?
? What is your return policy?
? I want to return my order
@id returns
@link https://shop.example/returns

You can return any item within **30 days**:

1. Print the label from your account.
2. Drop the parcel at any post office.

## When do I get my money back?
? How long does a refund take?
? When will I be refunded?
? Where is my refund?
@id refund-time

Refunds reach your account 5 days after we receive the return.

# Payment

## Which payment methods do you accept?
? Can I pay with PayPal?
? Do you take credit cards?
? How can I pay?
@id payment-methods

PayPal, credit card, Klarna and bank transfer.

## Can I pay by invoice?
? Do you offer payment on account?
? Can I pay later?
? Buy now pay later
@id invoice

Yes, through Klarna, with 14 days to pay.

# Account

## How do I reset my password?
? I forgot my password
? I cannot log in
? Password reset link
@id password-reset

Use "Forgot password" on the login page; the link is valid for one hour.

## How do I delete my account?
? Remove my account
? Close my customer account
? Delete my data
@id delete-account

Write to privacy@shop.example and we delete it within 7 days.

## Do you have a shop I can visit?
? Where is your store?
? What are your opening hours?
? Can I pick up my order in person?
@id store

Our store is at Hauptstraße 1, Berlin, open Monday to Saturday 10–19.
"#;

/// A small German shop FAQ in Markdown.
pub const SHOP_DE: &str = r#"@lang de

## Wie lange ist die Lieferzeit?
? Wann kommt meine Bestellung an?
? Wie schnell liefert ihr?
? Wie viele Tage dauert der Versand?
@id lieferzeit

Die Lieferung dauert 2–3 Werktage.

## Wie funktioniert die Rückgabe?
? Kann ich etwas zurückschicken?
? Rücksendung eines Artikels
? Wie sende ich Ware zurück?
@id rueckgabe

Sie können jeden Artikel innerhalb von 30 Tagen zurückgeben.

## Welche Zahlungsarten gibt es?
? Kann ich mit PayPal bezahlen?
? Nehmt ihr Kreditkarten?
? Wie kann ich zahlen?
@id zahlung

PayPal, Kreditkarte, Klarna und Überweisung.

## Wie hoch sind die Versandkosten?
? Was kostet der Versand?
? Ist die Lieferung kostenlos?
? Porto
@id versandkosten

Ab 50 € versandkostenfrei, sonst 4,90 €.

## Wie ändere ich mein Passwort?
? Passwort vergessen
? Ich kann mich nicht anmelden
? Kennwort zurücksetzen
@id passwort

Nutzen Sie „Passwort vergessen“ auf der Anmeldeseite.

## Wann bekomme ich mein Geld zurück?
? Wie lange dauert die Erstattung?
? Wo bleibt meine Gutschrift?
? Rückerstattung
@id erstattung

Die Erstattung erfolgt 5 Tage nach Eingang der Rücksendung.

## Kann ich meine Bestellung stornieren?
? Bestellung widerrufen
? Auftrag abbrechen
? Storno
@id storno

Solange die Bestellung nicht versandt ist, ja.

## Wo ist euer Geschäft?
? Öffnungszeiten
? Kann ich im Laden abholen?
? Adresse der Filiale
@id laden

Hauptstraße 1, Berlin, Montag bis Samstag 10–19 Uhr.

## Gibt es Gutscheine?
? Kann ich einen Geschenkgutschein kaufen?
? Rabattcode einlösen
? Wie löse ich einen Gutschein ein?
@id gutschein

Gutscheine gibt es ab 10 € im Shop; Codes lösen Sie im Warenkorb ein.

## Ist meine Größe verfügbar?
? Wann ist der Artikel wieder lieferbar?
? Nachlieferung eines ausverkauften Artikels
? Größentabelle
@id verfuegbarkeit

Ausverkaufte Größen können Sie sich per E-Mail vormerken lassen.
"#;

/// The English FAQ as CSV (the spreadsheet format), a subset.
pub const SHOP_CSV: &str = "id,question,answer,tags\r\n\
delivery-time,How long does delivery take?,\"Orders arrive in 2–3 working days, usually.\",shipping\r\n\
delivery-time,When will my order arrive?,,\r\n\
delivery-time,What is the delivery time?,,\r\n\
returns,How do I return an item?,Within **30 days**.,\r\n\
returns,Can I send something back?,,\r\n\
returns,What is your return policy?,,\r\n";

/// The English FAQ as JSON, a subset.
pub const SHOP_JSON: &str = r#"[
  {"id": "delivery-time", "question": "How long does delivery take?",
   "phrasings": ["When will my order arrive?", "What is the delivery time?"],
   "answer": "Orders arrive in 2–3 working days.", "tags": ["shipping"]},
  {"question": "How do I return an item?",
   "phrasings": ["Can I send something back?"], "answer": "Within 30 days.",
   "link": "https://shop.example/returns"}
]"#;

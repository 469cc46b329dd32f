<?php
// Generates php_vectors.json: reference outputs of PHP 8.2's date() and
// DateTime::createFromFormat for the time tests (tests/core/time_php_vectors_test.cpp).
//   php tests/data/time/php_vectors.php > tests/data/time/php_vectors.json
// Debian's php8.2-cli reads the system tzdata (timezone_version_get() = "0.system"), the
// same release the library embeds. The tests never run PHP; they read the JSON.
ini_set('date.timezone', 'UTC');
mt_srand(20250105);

$zones = ['America/New_York', 'US/Eastern', 'Europe/Berlin', 'Europe/London', 'Europe/Dublin',
  'Europe/Moscow', 'Australia/Sydney', 'Australia/Lord_Howe', 'Australia/Eucla', 'Asia/Kolkata',
  'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Apia', 'Pacific/Kiritimati',
  'America/Sao_Paulo', 'Africa/Casablanca', 'Asia/Tehran', 'America/Santiago',
  'Antarctica/Troll', 'UTC', 'Etc/GMT+5', 'Asia/Gaza', 'America/Caracas', 'Asia/Dubai'];
$all = 'd|D|j|l|N|S|w|z|W|F|m|M|n|t|L|o|X|x|Y|y|a|A|B|g|G|h|H|i|s|u|v|e|I|O|P|p|T|Z|c|r|U';

$fixed = [-2208988800, -2208988801, -1, 0, 951782400, 951868799, 1230768000, 1609459199,
  1609459200, 2147483647, 2147483648, 2215987200, 4107542400, 4102444799, -62135596800,
  -62198755200, -30610224000, 253402300799];

$format = [];
foreach ($zones as $name) {
  $tz = new DateTimeZone($name);
  $instants = $fixed;
  // transitions around some years, a second either side of each
  foreach ([[1900, 1950], [1968, 1975], [2009, 2012], [2023, 2025], [2039, 2041]] as [$a, $b]) {
    $from = (new DateTime("$a-01-01", $tz))->getTimestamp();
    $to = (new DateTime("$b-01-01", $tz))->getTimestamp();
    $tr = $tz->getTransitions($from, $to);
    foreach (array_slice($tr, 1, 6) as $t) {
      $instants[] = $t['ts'] - 1;
      $instants[] = $t['ts'];
    }
  }
  for ($i = 0; $i < 6; $i++) $instants[] = mt_rand(-3000000000, 4200000000);
  foreach ($instants as $k => $sec) {
    $us = ($k % 3 == 0) ? 0 : mt_rand(0, 999999);
    $d = DateTime::createFromFormat('U.u', sprintf('%d.%06d', $sec, $us));
    if ($d === false) { fwrite(STDERR, "cannot make $sec\n"); continue; }
    $d->setTimezone($tz);
    $format[] = [$sec, $us, $name, $d->format($all)];
  }
}

// createFromFormat: [format, text, zone]; results as "Y-m-d H:i:s.u P|e" or the first error
$parse_cases = [
  ['Y-m-d H:i:s', '2024-03-05 14:07:09', 'Europe/Berlin'],
  ['Y-m-d H:i:s', '2024-03-31 02:30:00', 'Europe/Berlin'],  // gap
  ['Y-m-d H:i:s', '2024-10-27 02:30:00', 'Europe/Berlin'],  // fold
  ['Y-m-d H:i:s', '2024-03-10 02:30:00', 'America/New_York'],
  ['Y-m-d H:i:s', '2024-11-03 01:30:00', 'America/New_York'],
  ['Y-m-d H:i:s', '2024-04-07 02:30:00', 'Australia/Sydney'],  // fold, south
  ['Y-m-d H:i:s', '2024-10-06 02:30:00', 'Australia/Sydney'],  // gap, south
  ['Y-m-d H:i:s', '2040-07-04 12:00:00', 'America/New_York'],
  ['Y-m-d H:i:s', '1900-01-01 00:00:00', 'Europe/Amsterdam'],
  ['Y-m-d H:i:s', '2100-02-28 23:59:59', 'Asia/Kathmandu'],
  ['Y-m-d\\TH:i:sP', '2024-03-05T14:07:09+05:30', 'UTC'],
  ['Y-m-d\\TH:i:sP', '2024-03-05T14:07:09Z', 'Europe/Berlin'],
  ['Y-m-d\\TH:i:sp', '2024-03-05T14:07:09Z', 'Europe/Berlin'],
  ['Y-m-d\\TH:i:s.uP', '2024-03-05T14:07:09.123456-03:30', 'UTC'],
  ['Y-m-d\\TH:i:s.vO', '2024-03-05T14:07:09.123-0330', 'UTC'],
  ['Y-m-d H:i:s.u', '2024-03-05 14:07:09.5', 'UTC'],
  ['Y-m-d H:i:s.v', '2024-03-05 14:07:09.12', 'UTC'],
  ['Y-m-d H:i:s e', '2024-07-05 14:07:09 America/New_York', 'UTC'],
  ['Y-m-d H:i:s e', '2024-07-05 14:07:09 europe/berlin', 'UTC'],
  ['Y-m-d H:i:s T', '2024-07-05 14:07:09 EDT', 'UTC'],
  ['Y-m-d H:i:s T', '2024-01-05 14:07:09 EST', 'UTC'],
  ['Y-m-d H:i:s T', '2024-07-05 14:07:09 CEST', 'UTC'],
  ['Y-m-d H:i:s T', '2024-07-05 14:07:09 UTC', 'Europe/Berlin'],
  ['Y-m-d H:i:s T', '2024-07-05 14:07:09 +03', 'UTC'],
  ['Y-m-d H:i:s O', '2024-07-05 14:07:09 +5', 'UTC'],
  ['Y-m-d H:i:s O', '2024-07-05 14:07:09 +530', 'UTC'],
  ['Y-m-d H:i:s O', '2024-07-05 14:07:09 -10:30', 'UTC'],
  ['Y-m-d H:i:s O', '2024-07-05 14:07:09 GMT+0200', 'UTC'],
  ['Y-m-d H:i:s O', '2024-07-05 14:07:09 (+0200)', 'UTC'],
  ['Y-m-d H:i:s O', '2024-07-05 14:07:09 +023015', 'UTC'],
  ['U', '1709644029', 'Europe/Berlin'],
  ['U', '-1', 'Europe/Berlin'],
  ['U.u', '1709644029.250000', 'Europe/Berlin'],
  ['!d/m/Y', '05/03/2024', 'Europe/Berlin'],
  ['d/m/Y|', '05/03/2024', 'Europe/Berlin'],
  ['!Y-m-d', '2024-02-30', 'UTC'],
  ['!Y-m-d', '2024-13-01', 'UTC'],
  ['!Y-m-d H:i:s', '2024-01-01 24:00:00', 'UTC'],
  ['!Y-m-d H:i:s', '2024-01-01 23:60:61', 'UTC'],
  ['!j.n.y', '5.3.24', 'UTC'],
  ['!j.n.y', '5.3.70', 'UTC'],
  ['!j.n.y', '5.3.69', 'UTC'],
  ['!d M Y', '05 mar 2024', 'UTC'],
  ['!d F Y', '05 March 2024', 'UTC'],
  ['!d F Y', '05 Mar 2024', 'UTC'],
  ['!d M Y', '05 September 2024', 'UTC'],
  ['!d M Y', '05 Sept 2024', 'UTC'],
  ['!d M Y', '05 xii 2024', 'UTC'],
  ['!D, d M Y', 'Tue, 05 Mar 2024', 'UTC'],
  ['!D, d M Y', 'Mon, 05 Mar 2024', 'UTC'],
  ['!l jS F Y', 'Tuesday 5th March 2024', 'UTC'],
  ['!l jS F Y', 'Tuesday 5xx March 2024', 'UTC'],
  ['!D', 'Tue', 'UTC'],
  ['!Y z', '2024 59', 'UTC'],
  ['!Y z', '2023 365', 'UTC'],
  ['!z Y', '59 2024', 'UTC'],
  ['!Y-m-d g:i a', '2024-03-05 12:07 am', 'UTC'],
  ['!Y-m-d g:i a', '2024-03-05 12:07 pm', 'UTC'],
  ['!Y-m-d g:i A', '2024-03-05 1:07 PM', 'UTC'],
  ['!Y-m-d h:i A', '2024-03-05 11:07 A.M.', 'UTC'],
  ['!Y-m-d h:i A', '2024-03-05 13:07 PM', 'UTC'],
  ['!Y-m-d A h:i', '2024-03-05 PM 01:07', 'UTC'],
  ['!Y-m-d H:i', '2024-03-05 7:5', 'UTC'],
  ['!Y-m-d H:i', '2024-03-05 07:05', 'UTC'],
  ['!Y-m-d G:i', '2024-03-05 7:05', 'UTC'],
  ['!Y-m-d H:i:s', '2024-03-05 07:05', 'UTC'],
  ['!Y-m-d', '2024-03-05 07:05', 'UTC'],
  ['!Y-m-d+', '2024-03-05 07:05', 'UTC'],
  ['!Y-m-d ??:i', '2024-03-05 07:05', 'UTC'],
  ['!Y-m-d *:i', '2024-03-05 hh:05', 'UTC'],
  ['!Y#m#d', '2024/03.05', 'UTC'],
  ['!Y#m#d', '2024x03.05', 'UTC'],
  ['!Y-m-d', '2024/03/05', 'UTC'],
  ['!Y-m-d', '24-03-05', 'UTC'],
  ['!Y-m-d', '12024-03-05', 'UTC'],
  ['!Y-m-d', '', 'UTC'],
  ['!Y-m-d', 'abcd-03-05', 'UTC'],
  ['!Y-m-d', '2024-3-5', 'UTC'],
  ['!Y-m-d\\Tgarbage', '2024-03-05Tgarbage', 'UTC'],
  ['!Y-m-d \\\\ H', '2024-03-05 \\ 07', 'UTC'],
  ['!Y-m-d  H', '2024-03-05 07', 'UTC'],
  ['!Y-m-d H', '2024-03-05    07', 'UTC'],
  ['!Y-m-dH', '2024-03-05 07', 'UTC'],
  ['!Y-m-d H:i:s.u', '2024-03-05 07:05:01.1234567', 'UTC'],
  ['!X-m-d', '-0044-03-15', 'UTC'],
  ['!X-m-d', '+12024-03-15', 'UTC'],
  ['!x-m-d', '2024-03-15', 'UTC'],
  ['!Y-m-d e', '2024-03-15 Mars/Base', 'UTC'],
  ['!Y-m-d T', '2024-03-15 XYZ', 'UTC'],
  ['!Y-m-d|', '2024-03-15', 'UTC'],
  ['Y-m-d H:i:s!', '2024-03-15 10:00:00', 'UTC'],
  ['!Y-m-d N', '2024-03-15 5', 'UTC'],
  ['!Y-m-d H:i:s', '2024-03-15 10:00:00 extra', 'UTC'],
  ['!Y-m-d H:i:s+', '2024-03-15 10:00:00 extra', 'UTC'],
  ['!U', '1709644029', 'America/New_York'],
  ['!U e', '1709644029 America/New_York', 'UTC'],
  ['!Y-m-d H:i:s', '1969-12-31 23:59:59', 'America/New_York'],
  ['!Y-m-d H:i:s', '2011-12-30 12:00:00', 'Pacific/Apia'],
  ['!Y-m-d H:i:s', '2024-09-01 00:30:00', 'America/Santiago'],
  ['!Y-m-d H:i:s', '2024-03-24 02:30:00', 'Antarctica/Troll'],
  ['!Y-m-d H:i:s', '2024-04-07 01:45:00', 'Australia/Lord_Howe'],
];
$parse = [];
foreach ($parse_cases as [$fmt, $text, $zone]) {
  $d = DateTime::createFromFormat($fmt, $text, new DateTimeZone($zone));
  $errors = DateTime::getLastErrors();
  $entry = ['format' => $fmt, 'text' => $text, 'zone' => $zone];
  if ($d === false) {
    $pos = array_key_first($errors['errors']);
    $entry['error'] = ['position' => $pos, 'message' => $errors['errors'][$pos]];
  } else {
    $entry['result'] = $d->format('Y-m-d H:i:s.u P');
    $entry['epoch'] = $d->format('U.u');
    $entry['warnings'] = $errors ? array_values($errors['warnings']) : [];
  }
  $parse[] = $entry;
}

echo json_encode(['php' => PHP_VERSION, 'tzdata' => timezone_version_get(), 'all' => $all,
  'format' => $format, 'parse' => $parse], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";

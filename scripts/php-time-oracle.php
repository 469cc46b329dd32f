<?php
// PHP's answer for time samples, one JSON object per line on stdin, one answer per line on
// stdout (same order). Used by scripts/time-differential.mjs against php8.2-cli.
//
//   {"op":"format","zone":"Europe/Berlin","us":1700000000123456,"pattern":"Y-m-d H:i:s T"}
//     -> {"text":"2023-11-14 23:13:20 CET"}
//   {"op":"parse","zone":"Europe/Berlin","text":"2023-11-14","pattern":"!Y-m-d"}
//     -> {"s":..., "f":..., "offset":3600, "errors":{"4":"..."}, "warnings":{...}}
//        the instant as epoch seconds (floor) and microseconds after them; s, f and offset
//        are null when createFromFormat fails; positions are byte offsets.
//   {"op":"version"} -> {"php":"8.2.x","tz":"0.system"}
//   {"op":"abbreviations"} -> {"cest":7200, ...}: the UTC offset PHP reads for each
//     abbreviation (lower case)
date_default_timezone_set('UTC');
error_reporting(E_ALL & ~E_DEPRECATED);

function instant_of(int $us): DateTime {
  $s = intdiv($us, 1000000);
  $f = $us % 1000000;
  if ($f < 0) {
    $f += 1000000;
    $s -= 1;
  }
  $d = new DateTime('@' . $s);
  return $d->setTime((int)$d->format('G'), (int)$d->format('i'), (int)$d->format('s'), $f);
}

function last_errors(): array {
  $e = DateTime::getLastErrors();
  if ($e === false) return [[], []];
  return [$e['errors'], $e['warnings']];
}

function answer(array $q): array {
  switch ($q['op']) {
    case 'version':
      return ['php' => PHP_VERSION, 'tz' => timezone_version_get()];
    case 'abbreviations':
      // the offset createFromFormat gives each abbreviation: the first entry of its table
      $out = ['utc' => 0, 'gmt' => 0];
      foreach (DateTimeZone::listAbbreviations() as $abbr => $entries) {
        if (!isset($out[$abbr])) $out[$abbr] = $entries[0]['offset'];
      }
      return $out;
    case 'format':
      $d = instant_of((int)$q['us']);
      $d->setTimezone(new DateTimeZone($q['zone']));
      return ['text' => $d->format($q['pattern'])];
    case 'parse':
      $d = DateTime::createFromFormat($q['pattern'], $q['text'], new DateTimeZone($q['zone']));
      [$errors, $warnings] = last_errors();
      if ($d === false) {
        return ['s' => null, 'f' => null, 'offset' => null, 'errors' => (object)$errors,
                'warnings' => (object)$warnings];
      }
      // U is floor(seconds) and u the microseconds after it, negative instants included
      return ['s' => (int)$d->format('U'), 'f' => (int)$d->format('u'), 'offset' => $d->getOffset(),
              'errors' => (object)$errors, 'warnings' => (object)$warnings];
  }
  return ['failure' => 'unknown op'];
}

while (($line = fgets(STDIN)) !== false) {
  $line = rtrim($line, "\n");
  if ($line === '') continue;
  try {
    $a = answer(json_decode($line, true, 8, JSON_THROW_ON_ERROR));
  } catch (Throwable $e) {
    $a = ['failure' => get_class($e) . ': ' . $e->getMessage()];
  }
  echo json_encode($a, JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
}

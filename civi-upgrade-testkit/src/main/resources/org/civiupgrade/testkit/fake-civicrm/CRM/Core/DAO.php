<?php
/** Fake of CiviCRM's DAO: PDO MySQL on CIVICRM_DSN, SQL, trigger drop and rebuild. Testkit code. */
class CRM_Core_DAO {
  private static $pdo = NULL;
  private static $droppedTriggers = array();

  /** The connection, from the DSN mysql://user:password@host:port/database?new_link=true. */
  public static function pdo() {
    if (self::$pdo === NULL) {
      $u = parse_url(CIVICRM_DSN);
      $dsn = 'mysql:host=' . $u['host'] . (isset($u['port']) ? ';port=' . $u['port'] : '') . ';dbname=' . rawurldecode(ltrim($u['path'], '/'));
      self::$pdo = new PDO($dsn, rawurldecode($u['user']), isset($u['pass']) ? rawurldecode($u['pass']) : '',
        array(PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION));
    }
    return self::$pdo;
  }

  public static function executeQuery($sql, $params = array()) {
    $st = self::pdo()->prepare($sql);
    $st->execute(array_values($params));
    return $st;
  }

  public static function singleValueQuery($sql, $params = array()) {
    $v = self::executeQuery($sql, $params)->fetchColumn();
    return $v === FALSE ? NULL : $v;
  }

  /** Runs an upgrade .mysql.tpl body: Smarty and SQL comments dropped, statements split at a ';' ending a line. */
  public static function runSqlTemplate($tpl) {
    $body = preg_replace('/\{\*.*?\*\}/s', '', $tpl);
    $stmt = '';
    foreach (explode("\n", $body) as $line) {
      $t = trim($line);
      if ($t === '' || strpos($t, '--') === 0 || strpos($t, '#') === 0) {
        continue;
      }
      $stmt .= $line . "\n";
      if (substr($t, -1) === ';') {
        self::pdo()->exec(rtrim(trim($stmt), ';'));
        $stmt = '';
      }
    }
    if (trim($stmt) !== '') {
      self::pdo()->exec($stmt);
    }
  }

  /** Drops the triggers of CiviCRM's tables, keeping their definitions for triggerRebuild(). */
  public static function dropTriggers() {
    $names = self::pdo()->query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
      . " AND (EVENT_OBJECT_TABLE LIKE 'civicrm\\_%' OR EVENT_OBJECT_TABLE LIKE 'log\\_civicrm\\_%') ORDER BY TRIGGER_NAME")
      ->fetchAll(PDO::FETCH_COLUMN);
    foreach ($names as $n) {
      $row = self::pdo()->query('SHOW CREATE TRIGGER `' . $n . '`')->fetch(PDO::FETCH_ASSOC);
      self::$droppedTriggers[] = preg_replace('/DEFINER=`[^`]*`@`[^`]*`\s*/', '', $row['SQL Original Statement'], 1);
      self::pdo()->exec('DROP TRIGGER IF EXISTS `' . $n . '`');
    }
  }

  public static function triggerRebuild() {
    foreach (self::$droppedTriggers as $sql) {
      self::pdo()->exec($sql);
    }
    self::$droppedTriggers = array();
  }
}

<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'brook', 'username' => 'bu', 'password' => 'bp', 'host' => 'localhost');
if (file_exists(DRUPAL_ROOT . '/sites/default/settings.local.php')) {
  include DRUPAL_ROOT . '/sites/default/settings.local.php';
}
if (file_exists(__DIR__ . '/local.settings.php'))
  require_once __DIR__ . '/local.settings.php';
if (file_exists(conf_path() . '/extra.php')) { include conf_path() . '/extra.php'; }

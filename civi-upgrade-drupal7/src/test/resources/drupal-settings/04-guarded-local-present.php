<?php
# expect: refused line 5 "includes another PHP file (sites/default/settings.local.php, which exists)"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'brook', 'username' => 'bu', 'password' => 'bp', 'host' => 'localhost');
if (file_exists(DRUPAL_ROOT . '/sites/default/settings.local.php')) {
  include DRUPAL_ROOT . '/sites/default/settings.local.php';
}

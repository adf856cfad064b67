<?php
if (defined('CIVICRM_DSN') == FALSE) {
  define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
}
if (!defined("CIVICRM_UF")) { define("CIVICRM_UF", 'Drupal'); }
